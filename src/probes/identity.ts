import { judgeNonDiscriminating, judgeRejectedToken, judgeTransient, judgeUnexpected, verdict } from '../core/judging.js';
import { parseScopeRejection } from '../core/gitea-scopes.js';
import type { Judgement } from '../core/verdict.js';
import { ANONYMOUS, type ApiCall } from '../providers/types.js';
import { defineProbe, type JudgeFacts } from './types.js';

/** The authenticated `/user` call and its anonymous control. */
export interface IdentityObservation {
  authed: ApiCall;
  control: ApiCall;
}

function loginOf(call: ApiCall): string | null {
  const json = call.json as { login?: unknown } | null;
  return json && typeof json.login === 'string' ? json.login : null;
}

/** True when the forge parsed and accepted the token: a 200, or a scope 403 (only a matched token is scope-checked). */
export function provesAuthentication(call: ApiCall): boolean {
  if (call.outcome.kind !== 'response') return false;
  if (call.outcome.status === 200) return loginOf(call) !== null;
  return call.outcome.status === 403 && call.message !== null && parseScopeRejection(call.message) !== null;
}

/** Judges an identity observation. */
export function judgeIdentity(obs: IdentityObservation, facts: JudgeFacts): Judgement {
  const { authed, control } = obs;
  const persona = facts.persona;
  if (authed.outcome.kind === 'transient') return judgeTransient('identity', null, authed.request, authed.outcome);
  const status = authed.outcome.status;
  if (status === 401) return judgeRejectedToken('identity', null, authed, facts.credential, facts.persona.login);
  if (status === 403) {
    const rejection = authed.message ? parseScopeRejection(authed.message) : null;
    if (rejection) {
      return verdict('identity', null, 'fail', 'scope-missing',
        `${authed.request} returned 403: the token is valid but lacks ${rejection.required.join(', ') || 'read:user'}, so its identity cannot be confirmed.`,
        `Likely cause: the token was minted without read:user. Remedy: mint a replacement for ${persona.login} with read:user added to its scopes (${facts.spec.scopes.join(', ')}) and update ${facts.credential}.`,
        { httpStatus: 403, ...(rejection.tokenScopes ? { tokenScopes: rejection.tokenScopes } : {}) });
    }
    return verdict('identity', null, 'fail', 'account-blocked',
      `${authed.request} returned 403${authed.message ? ` (${authed.message})` : ''}: the account behind the token cannot sign in.`,
      `Likely cause: the account ${persona.login} was disabled, deactivated or must change its password. Remedy: ask a site administrator to re-enable it, then run the check again.`,
      { httpStatus: 403 });
  }
  if (status !== 200) return judgeUnexpected('identity', null, authed);
  const login = loginOf(authed);
  if (login === null) return judgeUnexpected('identity', null, authed);

  // The anonymous control: /user needs a token, so it must not answer as anyone without one.
  if (control.outcome.kind === 'response' && control.outcome.status === 200 && loginOf(control) === login) {
    return judgeNonDiscriminating('identity', null, `${authed.request} as ${login}`, { login });
  }
  if (login.toLowerCase() !== persona.login.toLowerCase()) {
    return verdict('identity', null, 'fail', 'wrong-persona',
      `Wrong identity: ${facts.credential} authenticates as "${login}", not as persona "${persona.login}".`,
      `Likely cause: the secret was replaced with another account's token (often a person's, as a stop-gap). Remedy: mint a token for ${persona.login}, store it in ${facts.credential}, and revoke the token of ${login} if it was shared.`,
      { httpStatus: 200, login, expected: persona.login });
  }
  if (persona.kind === 'human') {
    return verdict('identity', null, 'fail', 'forbidden-persona',
      `Policy violation: ${facts.credential} authenticates as "${login}", a human persona; automation must run as a bot.`,
      `Likely cause: a person's token was put in place as a stop-gap and never replaced; it stops working when that person leaves or rotates it. Remedy: create a bot account, grant it the access in this inventory, mint its token into ${facts.credential}, then revoke the personal token.`,
      { httpStatus: 200, login, personaKind: 'human' });
  }
  return verdict('identity', null, 'pass', null, `Authenticates as ${login} (bot persona ${persona.name}).`, null, { httpStatus: 200, login });
}

/** `identity`: `GET /user` → login equals the persona; its anonymous control must not be answered as anyone. */
export const identityProbe = defineProbe<null, IdentityObservation>({
  id: 'identity',
  phase: 'identity',
  network: 'api',
  targets: () => [null],
  targetName: () => null,
  async observe(env) {
    const token = env.shared.token ?? '';
    const [authed, control] = await Promise.all([env.api.currentUser({ kind: 'token', token }), env.api.currentUser(ANONYMOUS)]);
    env.shared.identity = { authenticated: provesAuthentication(authed), login: loginOf(authed) };
    return { authed, control };
  },
  judge: (obs, facts) => judgeIdentity(obs, facts),
});
