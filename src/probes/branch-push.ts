import { judgeControl, judgeUnexpected, verdict } from '../core/judging.js';
import type { Judgement } from '../core/verdict.js';
import { ANONYMOUS, type BranchAnswer } from '../providers/types.js';
import { judgeCommonRejection } from './api-rejections.js';
import { ask, defineProbe, type IdentityProof, type JudgeFacts } from './types.js';

/** One branch a credential must be able to push to. */
export interface BranchTarget {
  repo: string;
  branch: string;
}

/** The branch as the token sees it, as anonymous sees it, and what identity proved. */
export interface BranchPushObservation {
  authed: BranchAnswer;
  control: BranchAnswer;
  identity: IdentityProof | null;
}

function branchFields(call: BranchAnswer): { canPush: boolean | null; protected: boolean } | null {
  if (call.outcome.kind !== 'response' || call.outcome.status !== 200) return null;
  if (call.canPush === null && call.unknownWhy === null) return null;
  return { canPush: call.canPush, protected: call.protected };
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
  if (fields.canPush === null) {
    return verdict('branch-push', target, 'warn', 'push-unverified',
      `Push right unverified: ${t.branch} on ${t.repo}${fields.protected ? ' is protected and' : ''} cannot be checked for ${who}: ${obs.authed.unknownWhy ?? 'the forge did not say'}.`,
      `Remedy: nothing is known to be wrong; to have it checked, give the check a token that may read the branch's protection rules, or rely on the automation's own push (git-auth proves only authentication).`,
      { httpStatus: 200, protected: fields.protected });
  }
  if (!fields.canPush) {
    return verdict('branch-push', target, 'fail', 'push-denied',
      fields.protected
        ? `Push denied: ${t.branch} on ${t.repo} is protected and ${who} is not allowed to push to it.`
        : `Push denied: ${who} cannot push to ${t.branch} on ${t.repo} (no write access to code).`,
      fields.protected
        ? `Likely cause: a branch protection rule disables pushing, requires pull requests, or allows only others to push. Remedy: allow ${who} (or its team) to push in the rule, or change the automation to open pull requests.`
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

/** `branch-push`: may the token's identity push to the branch (protection included), as the forge says. */
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
      ask(env.api, 'branch')({ kind: 'token', token }, t.repo, t.branch, env.shared.identity?.login ?? null),
      ask(env.api, 'branch')(ANONYMOUS, t.repo, t.branch, null),
    ]);
    return { authed, control, identity: env.shared.identity };
  },
  judge: judgeBranchPush,
});
