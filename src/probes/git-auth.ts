import { judgeNonDiscriminating, verdict } from '../core/judging.js';
import { transportWords } from '../core/transport.js';
import type { Judgement } from '../core/verdict.js';
import type { GitPushResult } from '../git/runner.js';
import type { RepoRequirement } from '../inventory/schema.js';
import { ask, defineProbe, type IdentityProof, type JudgeFacts } from './types.js';

/** The dry-run push with the credential sent up front, the same push with none, and what identity proved. */
export interface GitAuthObservation {
  url: string;
  authed: GitPushResult;
  control: GitPushResult;
  /** Null in unit tests that do not care: then the forge counts as heard. */
  identity?: IdentityProof | null;
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
  // The anonymous control fails definitively only with an HTTP denial (401/403/404); a timeout, 5xx or
  // an unrecognised failure proves nothing (DESIGN.md rule 1).
  const controlKind = control.exitCode === 0 ? null : control.timedOut ? 'unreachable' : classifyGitFailure(control.stderr);
  const controlDenied = controlKind === 'auth' || controlKind === 'forbidden' || controlKind === 'not-found';
  if (authed.exitCode === 0) {
    // A push discovery that also works anonymously proves nothing about the token.
    if (control.exitCode === 0) return judgeNonDiscriminating('git-auth', target, `git push --dry-run to ${req.repo}`, evidence);
    if (!controlDenied) {
      return verdict('git-auth', target, 'inconclusive', controlKind === 'unreachable' ? 'unreachable' : 'unexpected-response',
        `git push --dry-run to ${req.repo} worked with the token, but the anonymous control push failed without a clear denial (${control.timedOut ? 'timed out' : firstLine(control.stderr)}), so the result cannot be told apart from an anonymous one.`,
        'Likely cause: the forge\'s git endpoint, or a proxy in front of it, was failing. Remedy: nothing is known to be wrong with the token; run the check again.', evidence);
    }
    return verdict('git-auth', target, 'pass', null,
      `git push --dry-run over ${transportWords(obs.url)} authenticates for ${req.repo} (credential sent up front; anonymous push is refused; no pack sent).`,
      null, evidence);
  }
  const kind = classifyGitFailure(authed.stderr);
  const said = firstLine(authed.stderr);
  // git shows no response body, so a refusal cannot be traced to the forge by itself: it is the
  // token's only when the forge's own API answered identity in this run (not a WAF, not a wrong url).
  if ((kind === 'auth' || kind === 'forbidden' || kind === 'not-found') && obs.identity && !obs.identity.forgeAnswered) {
    return verdict('git-auth', target, 'inconclusive', 'unexpected-response',
      `git push --dry-run to ${req.repo} was refused (${said}), but the forge's own API did not answer at its url (see identity), so the refusal may come from something in front of it.`,
      'Likely cause: a proxy, WAF or sign-on front answers instead of the forge, or the forge\'s url is not its base URL. Remedy: fix what the identity verdict reports, then run the check again; nothing is known to be wrong with the token.',
      evidence);
  }
  // A 403 or 404 is the token's only when anonymous got the forge's demand for credentials (401):
  // the same refusal without a token (a WAF for everyone, a wrong base URL) says nothing about it.
  if ((kind === 'forbidden' || kind === 'not-found') && controlKind !== 'auth') {
    return verdict('git-auth', target, 'inconclusive', 'unexpected-response',
      `git push --dry-run to ${req.repo} was refused (${said}), and so was the anonymous control push (${control.timedOut ? 'timed out' : firstLine(control.stderr)}) without the forge asking for credentials, so the refusal says nothing about the token.`,
      `Likely cause: the forge's url (${obs.url.replace(/\/[^/]+\/[^/]+\.git$/, '')}) is not its base URL, or a proxy or WAF refuses git requests. Remedy: check the url and that git can reach the forge directly; nothing is known to be wrong with the token.`,
      evidence);
  }
  switch (kind) {
    case 'auth':
      return verdict('git-auth', target, 'fail', 'git-auth-failed',
        `Token rotation suspected: git push over ${transportWords(obs.url)} to ${req.repo} was refused with 401 (${said}).`,
        `Likely cause: the token in ${facts.credential} was revoked or rotated, or the forge has Basic authentication disabled for git. Remedy: mint a new token for ${facts.persona.login}, update ${facts.credential} in every consumer, and run the check again.`,
        evidence);
    case 'forbidden':
      return verdict('git-auth', target, 'fail', 'git-auth-failed',
        `git push over ${transportWords(obs.url)} to ${req.repo} was refused with 403 (${said}).`,
        `Likely cause: the token lacks ${PUSH_SCOPE[facts.forge.type] ?? 'the scope pushes need'}, or ${facts.persona.login} has no write access to ${req.repo}. Remedy: mint a replacement for ${facts.persona.login} with ${PUSH_SCOPE[facts.forge.type] ?? 'that scope'} (or restore its write access) and update ${facts.credential}.`,
        evidence);
    case 'not-found':
      return verdict('git-auth', target, 'fail', 'git-auth-failed',
        `git push over ${transportWords(obs.url)} to ${req.repo} failed: repository not found (${said}).`,
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
    return { url, authed, control, identity: env.shared.identity };
  },
  judge: judgeGitAuth,
});
