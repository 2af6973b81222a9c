import { judgeControl, judgeUnexpected, verdict } from '../core/judging.js';
import type { Judgement } from '../core/verdict.js';
import type { Access, RepoRequirement } from '../inventory/schema.js';
import { ANONYMOUS, type RepoAnswer, type RepoPermissions } from '../providers/types.js';
import { judgeCommonRejection } from './api-rejections.js';
import { ask, defineProbe, type IdentityProof, type JudgeFacts } from './types.js';

/** The repository as the token sees it, as anonymous sees it, and what identity proved. */
export interface RepoAccessObservation {
  authed: RepoAnswer;
  control: RepoAnswer;
  identity: IdentityProof | null;
}

/** The permissions the provider read from a repository answer (null unless it succeeded). */
export function permissionsOf(call: RepoAnswer): RepoPermissions | null {
  return call.outcome.kind === 'response' && call.outcome.status === 200 ? call.permissions : null;
}

/** Whether permissions meet a required access level. */
export function meetsAccess(perms: RepoPermissions | null, access: Access): boolean {
  if (!perms) return false;
  return access === 'admin' ? perms.admin : access === 'push' ? perms.push : perms.pull;
}

function granted(perms: RepoPermissions): string {
  return perms.admin ? 'admin' : perms.push ? 'push' : perms.pull ? 'pull' : 'none';
}

/** Judges a repo-access observation. */
export function judgeRepoAccess(obs: RepoAccessObservation, facts: JudgeFacts, req: RepoRequirement): Judgement {
  const target = req.repo;
  const common = judgeCommonRejection('repo-access', target, obs.authed, facts);
  if (common) return common;
  const status = obs.authed.outcome.kind === 'response' ? obs.authed.outcome.status : 0;
  const who = obs.identity?.login ?? facts.persona.login;
  if (status === 404) {
    return verdict('repo-access', target, 'fail', 'access-lost',
      `Access lost: ${obs.authed.request} returned 404 — ${req.repo} does not exist or is not visible to ${who}.`,
      `Likely cause: ${who} was removed as a collaborator or from the team, the repository was renamed, transferred or made private. Remedy: restore ${req.access} access for ${who} on ${req.repo} (or update the inventory if it moved).`,
      { httpStatus: 404 });
  }
  if (status !== 200) return judgeUnexpected('repo-access', target, obs.authed);
  const perms = permissionsOf(obs.authed);
  if (!perms) return judgeUnexpected('repo-access', target, obs.authed);
  if (!meetsAccess(perms, req.access)) {
    return verdict('repo-access', target, 'fail', 'access-lost',
      `Access lost: ${who} has ${granted(perms)} on ${req.repo} but needs ${req.access}.`,
      `Likely cause: ${who}'s collaborator or team permission was lowered. Remedy: grant ${who} ${req.access} on ${req.repo} (collaborator, team or member settings).`,
      { httpStatus: 200, granted: granted(perms), required: req.access });
  }
  // No false green: anonymous readers of a public repository also "have pull".
  const controlPerms = permissionsOf(obs.control);
  if (!obs.identity?.authenticated) {
    const gate = judgeControl('repo-access', target, obs.control, meetsAccess(controlPerms, req.access), `${req.access} access to ${req.repo}`, { granted: granted(perms) });
    if (gate) return gate;
  }
  return verdict('repo-access', target, 'pass', null, `${who} has ${granted(perms)} on ${req.repo} (needs ${req.access}).`, null,
    { httpStatus: 200, granted: granted(perms), required: req.access, anonymousControl: controlPerms ? granted(controlPerms) : 'denied' });
}

/** `repo-access`: the repository's permissions for the token (Gitea/GitHub `permissions`, GitLab access levels) meet `access`. */
export const repoAccessProbe = defineProbe<RepoRequirement, RepoAccessObservation>({
  id: 'repo-access',
  phase: 'main',
  network: 'api',
  needsIdentity: true,
  targets: (facts) => facts.spec.repos ?? [],
  targetName: (req) => req.repo,
  async observe(env, req) {
    const token = env.shared.token ?? '';
    const [authed, control] = await Promise.all([
      ask(env.api, 'repository')({ kind: 'token', token }, req.repo),
      ask(env.api, 'repository')(ANONYMOUS, req.repo),
    ]);
    return { authed, control, identity: env.shared.identity };
  },
  judge: judgeRepoAccess,
});
