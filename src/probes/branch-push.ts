import { judgeControl, judgeUnexpected, verdict } from '../core/judging.js';
import type { Judgement } from '../core/verdict.js';
import { ANONYMOUS, type ApiCall } from '../providers/types.js';
import { judgeCommonRejection } from './api-rejections.js';
import { defineProbe, type IdentityProof, type JudgeFacts } from './types.js';

/** One branch a credential must be able to push to. */
export interface BranchTarget {
  repo: string;
  branch: string;
}

/** The branch as the token sees it, as anonymous sees it, and what identity proved. */
export interface BranchPushObservation {
  authed: ApiCall;
  control: ApiCall;
  identity: IdentityProof | null;
}

function branchFields(call: ApiCall): { canPush: boolean; protected: boolean } | null {
  if (call.outcome.kind !== 'response' || call.outcome.status !== 200) return null;
  const b = call.json as { user_can_push?: unknown; protected?: unknown } | null;
  if (!b || typeof b.user_can_push !== 'boolean') return null;
  return { canPush: b.user_can_push, protected: b.protected === true };
}

/** Judges a branch-push observation. */
export function judgeBranchPush(obs: BranchPushObservation, facts: JudgeFacts, t: BranchTarget): Judgement {
  const target = `${t.repo}@${t.branch}`;
  const common = judgeCommonRejection('branch-push', target, obs.authed, facts);
  if (common) return common;
  const who = obs.identity?.login ?? facts.persona.login;
  const status = obs.authed.outcome.kind === 'response' ? obs.authed.outcome.status : 0;
  if (status === 404) {
    return verdict('branch-push', target, 'fail', 'push-denied',
      `${obs.authed.request} returned 404: branch ${t.branch} of ${t.repo} does not exist or the repository is not visible to ${who}.`,
      `Likely cause: the branch was renamed or deleted, or access to ${t.repo} was lost (see repo-access). Remedy: fix the branch name in the inventory, or restore the branch or access.`,
      { httpStatus: 404 });
  }
  const fields = branchFields(obs.authed);
  if (!fields) return judgeUnexpected('branch-push', target, obs.authed);
  if (!fields.canPush) {
    return verdict('branch-push', target, 'fail', 'push-denied',
      fields.protected
        ? `Push denied: ${t.branch} on ${t.repo} is protected and ${who} is not allowed to push to it.`
        : `Push denied: ${who} cannot push to ${t.branch} on ${t.repo} (no write access to code).`,
      fields.protected
        ? `Likely cause: a branch protection rule disables pushing or has a push whitelist without ${who}. Remedy: add ${who} (or its team) to the rule's push whitelist, or change the automation to open pull requests.`
        : `Likely cause: ${who} has only read access. Remedy: grant ${who} write access on ${t.repo}.`,
      { httpStatus: 200, protected: fields.protected, userCanPush: false });
  }
  if (!obs.identity?.authenticated) {
    const gate = judgeControl('branch-push', target, obs.control, branchFields(obs.control)?.canPush === true, `push to ${t.branch}`);
    if (gate) return gate;
  }
  return verdict('branch-push', target, 'pass', null,
    `${who} may push to ${t.branch} on ${t.repo}${fields.protected ? ' (protected; allowed by its rule)' : ''}.`, null,
    { httpStatus: 200, protected: fields.protected, userCanPush: true });
}

/** `branch-push`: `GET /repos/{o}/{r}/branches/{b}` → `user_can_push` (covers protection push whitelists). */
export const branchPushProbe = defineProbe<BranchTarget, BranchPushObservation>({
  id: 'branch-push',
  phase: 'main',
  network: 'api',
  needsIdentity: true,
  targets: (facts) =>
    (facts.spec.repos ?? [])
      .filter((r) => r.access !== 'pull')
      .flatMap((r) => (r.branches ?? []).map((branch) => ({ repo: r.repo, branch }))),
  targetName: (t) => `${t.repo}@${t.branch}`,
  async observe(env, t) {
    const token = env.shared.token ?? '';
    const [authed, control] = await Promise.all([
      env.api.branch({ kind: 'token', token }, t.repo, t.branch),
      env.api.branch(ANONYMOUS, t.repo, t.branch),
    ]);
    return { authed, control, identity: env.shared.identity };
  },
  judge: judgeBranchPush,
});
