import { judgeNonDiscriminating, verdict } from '../core/judging.js';
import type { Judgement } from '../core/verdict.js';
import type { GitPushResult } from '../git/runner.js';
import type { RepoRequirement } from '../inventory/schema.js';
import { ask, defineProbe, type JudgeFacts } from './types.js';

/** The dry-run push with the credential sent up front, and the same push with none. */
export interface GitAuthObservation {
  url: string;
  authed: GitPushResult;
  control: GitPushResult;
}

/** What git's stderr says went wrong, in credcanary's terms. */
export type GitFailureKind = 'auth' | 'forbidden' | 'not-found' | 'unreachable' | 'other';

/** Classifies a failed git push from its stderr (LC_ALL=C, so the texts are git's English ones). */
export function classifyGitFailure(stderr: string): GitFailureKind {
  if (/returned error: 401|Authentication failed|could not read (Username|Password)|terminal prompts disabled|Failed to authenticate|Credentials are incorrect/i.test(stderr)) return 'auth';
  if (/returned error: 403/i.test(stderr)) return 'forbidden';
  if (/returned error: 404|Repository not found|not found/i.test(stderr)) return 'not-found';
  if (/returned error: (5\d\d|429)|Could not resolve host|Failed to connect|Connection refused|Connection reset|Empty reply|timed out|Operation timed out|SSL|TLS|Recv failure/i.test(stderr)) return 'unreachable';
  return 'other';
}

function firstLine(stderr: string): string {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

// What each family checks a token sent as a Basic password against for a push.
const PUSH_SCOPE: Partial<Record<string, string>> = {
  gitea: 'write:repository',
  forgejo: 'write:repository',
  github: 'repo (classic) or contents=write (fine-grained and App tokens)',
  gitlab: 'write_repository (or api)',
};

/** Judges a git-auth observation. */
export function judgeGitAuth(obs: GitAuthObservation, facts: JudgeFacts, req: RepoRequirement): Judgement {
  const target = req.repo;
  const { authed, control } = obs;
  const evidence = { gitExit: authed.exitCode, anonymousControl: control.exitCode === 0 ? 'succeeded' : 'denied' };
  if (authed.timedOut) {
    return verdict('git-auth', target, 'inconclusive', 'unreachable', `git push --dry-run to ${obs.url} did not finish in time.`,
      'Likely cause: the forge\'s git HTTP endpoint is slow, hung or unreachable. Remedy: nothing is known to be wrong with the token; check the forge and run the check again.', evidence);
  }
  if (authed.exitCode === 0) {
    // A push discovery that also works anonymously proves nothing about the token.
    if (control.exitCode === 0) return judgeNonDiscriminating('git-auth', target, `git push --dry-run to ${req.repo}`, evidence);
    return verdict('git-auth', target, 'pass', null,
      `git push --dry-run over HTTPS authenticates for ${req.repo} (credential sent up front; anonymous push is refused; no pack sent).`,
      null, evidence);
  }
  const kind = classifyGitFailure(authed.stderr);
  const said = firstLine(authed.stderr);
  switch (kind) {
    case 'auth':
      return verdict('git-auth', target, 'fail', 'git-auth-failed',
        `Token rotation suspected: git push over HTTPS to ${req.repo} was refused with 401 (${said}).`,
        `Likely cause: the token in ${facts.credential} was revoked or rotated, or the forge has Basic authentication disabled for git. Remedy: mint a new token for ${facts.persona.login}, update ${facts.credential} in every consumer, and run the check again.`,
        evidence);
    case 'forbidden':
      return verdict('git-auth', target, 'fail', 'git-auth-failed',
        `git push over HTTPS to ${req.repo} was refused with 403 (${said}).`,
        `Likely cause: the token lacks ${PUSH_SCOPE[facts.forge.type] ?? 'the scope pushes need'}, or ${facts.persona.login} has no write access to ${req.repo}. Remedy: mint a replacement for ${facts.persona.login} with ${PUSH_SCOPE[facts.forge.type] ?? 'that scope'} (or restore its write access) and update ${facts.credential}.`,
        evidence);
    case 'not-found':
      return verdict('git-auth', target, 'fail', 'git-auth-failed',
        `git push over HTTPS to ${req.repo} failed: repository not found (${said}).`,
        `Likely cause: ${facts.persona.login} lost access to ${req.repo}, or it was renamed or transferred. Remedy: restore access or fix the inventory (see repo-access).`,
        evidence);
    case 'unreachable':
      return verdict('git-auth', target, 'inconclusive', 'unreachable', `git push --dry-run to ${req.repo} could not reach the forge (${said}).`,
        'Likely cause: the forge\'s git endpoint is down or overloaded. Remedy: nothing is known to be wrong with the token; run the check again.', evidence);
    case 'other':
      return verdict('git-auth', target, 'inconclusive', 'unexpected-response', `git push --dry-run to ${req.repo} failed in a way this probe does not recognise (${said}).`,
        'Likely cause: a proxy or forge behaviour this probe has not met. Remedy: run `git push --dry-run` by hand with the token and report what it says.', evidence);
  }
}

/** `git-auth`: `git push --dry-run` of a throwaway commit to a probe ref, credential sent up front; one per push/admin repository. */
export const gitAuthProbe = defineProbe<RepoRequirement, GitAuthObservation>({
  id: 'git-auth',
  phase: 'main',
  network: 'git',
  targets: (facts) => (facts.spec.repos ?? []).filter((r) => r.access !== 'pull'),
  targetName: (req) => req.repo,
  async observe(env, req) {
    const remote = ask(env.api, 'gitRemote')(req.repo, env.facts.persona.login);
    const url = remote.url;
    const credential = { username: remote.username, password: env.shared.token ?? '' };
    const [authed, control] = await Promise.all([env.git.pushDryRun(url, credential), env.git.pushDryRun(url, null)]);
    return { url, authed, control };
  },
  judge: judgeGitAuth,
});
