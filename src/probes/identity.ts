import { judgeNonDiscriminating, judgeRejectedToken, judgeTransient, judgeUnexpected, verdict } from '../core/judging.js';
import { judgeExpiredToken, judgeRateLimited, judgeScopeRefusal } from '../core/refusals.js';
import type { Evidence, Judgement } from '../core/verdict.js';
import type { ApiCall, IdentityAnswer } from '../providers/types.js';
import { ask, defineProbe, type JudgeFacts } from './types.js';

/** The provider's answer to "who is this token", with its anonymous control. */
export type IdentityObservation = IdentityAnswer;

function ok(call: ApiCall): boolean {
  return call.outcome.kind === 'response' && call.outcome.status === 200;
}

/** True when the forge parsed and accepted the token: a login, a scope refusal only a valid token gets, or a working installation token. */
export function provesAuthentication(a: IdentityAnswer): boolean {
  if (ok(a.authed)) return a.authed.login !== null;
  if (a.authed.refusal?.kind === 'scope-missing') return true;
  return a.authed.refusal?.kind === 'not-a-user' && a.installation !== null && ok(a.installation.authed) && !ok(a.installation.control);
}

/** Judges an identity observation. */
export function judgeIdentity(obs: IdentityObservation, facts: JudgeFacts): Judgement {
  const { authed, control } = obs;
  const persona = facts.persona;
  const ctx = { credential: facts.credential, login: persona.login, scopes: facts.spec.scopes };
  if (authed.outcome.kind === 'transient') return judgeTransient('identity', null, authed.request, authed.outcome);
  const r = authed.refusal;
  if (r?.kind === 'bad-credentials') return judgeRejectedToken('identity', null, authed, facts.credential, persona.login);
  if (r?.kind === 'expired') return judgeExpiredToken('identity', null, authed, ctx);
  if (r?.kind === 'rate-limited') return judgeRateLimited('identity', null, authed, r.retryAfterSeconds, r.resetAt);
  if (r?.kind === 'scope-missing') {
    const j = judgeScopeRefusal('identity', null, authed, r.required, r.tokenScopes, ctx);
    return { ...j, summary: `${authed.request} refused the token for a missing scope (${r.required.join(' or ') || r.text}): it is valid, but its identity cannot be confirmed.` };
  }
  if (r?.kind === 'not-a-user' && obs.installation) return judgeInstallation(obs, obs.installation, facts);
  if (r?.kind === 'account-blocked' || r?.kind === 'forbidden') {
    return verdict('identity', null, 'fail', 'account-blocked',
      `${authed.request} returned 403${authed.message ? ` (${authed.message})` : ''}: the account behind the token cannot sign in.`,
      `Likely cause: the account ${persona.login} was disabled, blocked or must change its password. Remedy: ask a site administrator to re-enable it, then run the check again.`,
      { httpStatus: 403 });
  }
  if (!ok(authed)) return judgeUnexpected('identity', null, authed);
  const login = authed.login;
  if (login === null) return judgeUnexpected('identity', null, authed);

  // The anonymous control: /user needs a token, so it must not answer as anyone without one.
  if (ok(control) && control.login === login) return judgeNonDiscriminating('identity', null, `${authed.request} as ${login}`, { login });
  const kind: Evidence = obs.tokenKind ? { tokenKind: obs.tokenKind } : {};
  if (login.toLowerCase() !== persona.login.toLowerCase()) {
    return verdict('identity', null, 'fail', 'wrong-persona',
      `Wrong identity: ${facts.credential} authenticates as "${login}", not as persona "${persona.login}".`,
      `Likely cause: the secret was replaced with another account's token (often a person's, as a stop-gap). Remedy: mint a token for ${persona.login}, store it in ${facts.credential}, and revoke the token of ${login} if it was shared.`,
      { httpStatus: 200, login, expected: persona.login, ...kind });
  }
  if (persona.kind === 'human') {
    return verdict('identity', null, 'fail', 'forbidden-persona',
      `Policy violation: ${facts.credential} authenticates as "${login}", a human persona; automation must run as a bot.`,
      `Likely cause: a person's token was put in place as a stop-gap and never replaced; it stops working when that person leaves or rotates it. Remedy: create a bot account, grant it the access in this inventory, mint its token into ${facts.credential}, then revoke the personal token.`,
      { httpStatus: 200, login, personaKind: 'human', ...kind });
  }
  return verdict('identity', null, 'pass', null, `Authenticates as ${login} (bot persona ${persona.name}${obs.tokenKind ? `, ${obs.tokenKind}` : ''}).`, null, { httpStatus: 200, login, ...kind });
}

/** A token that names no user (GitHub App installation): it works, but no persona can be confirmed from it. */
function judgeInstallation(obs: IdentityObservation, inst: NonNullable<IdentityObservation['installation']>, facts: JudgeFacts): Judgement {
  if (inst.authed.outcome.kind === 'transient') return judgeTransient('identity', null, inst.authed.request, inst.authed.outcome);
  if (!ok(inst.authed)) return judgeUnexpected('identity', null, inst.authed);
  const what = `${inst.authed.request} as an App installation`;
  if (ok(inst.control)) return judgeNonDiscriminating('identity', null, what);
  const repos = inst.repositories === null ? 'its repositories' : `${inst.repositories} repositor${inst.repositories === 1 ? 'y' : 'ies'}`;
  return verdict('identity', null, 'warn', 'persona-unverified',
    `${facts.credential} is a working ${obs.tokenKind ?? 'App installation token'} reaching ${repos}; it names no user (${obs.authed.request} returned 403), so persona "${facts.persona.login}" cannot be confirmed.`,
    `Likely cause: an App installation token is stored as a long-lived secret; these expire after one hour. Remedy: mint installation tokens per run (actions/create-github-app-token) and check the App's private key instead, or use a bot account's token for ${facts.persona.login}.`,
    { httpStatus: 200, tokenKind: obs.tokenKind ?? 'App installation token', ...(inst.repositories !== null ? { repositories: inst.repositories } : {}) });
}

/** `identity`: the forge's "who am I" → login equals the persona; its anonymous control must not be answered as anyone. */
export const identityProbe = defineProbe<null, IdentityObservation>({
  id: 'identity',
  phase: 'identity',
  network: 'api',
  targets: () => [null],
  targetName: () => null,
  async observe(env) {
    const answer = await ask(env.api, 'identity')(env.shared.token ?? '');
    env.shared.identity = { authenticated: provesAuthentication(answer), login: answer.authed.login };
    return answer;
  },
  judge: (obs, facts) => judgeIdentity(obs, facts),
});
