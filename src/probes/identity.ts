import { judgeControl, judgeForeign, judgeRejectedToken, judgeTransient, judgeUnexpected, verdict } from '../core/judging.js';
import { parseScopeRejection } from '../core/gitea-scopes.js';
import { isCleartext, transportOf } from '../core/transport.js';
import type { Judgement } from '../core/verdict.js';
import { ANONYMOUS, type ApiCall } from '../providers/types.js';
import { defineProbe, type JudgeFacts } from './types.js';

/** The authenticated `/user` call, its anonymous control, and the forge's landmark when `/user` looked absent. */
export interface IdentityObservation {
  authed: ApiCall;
  control: ApiCall;
  /** `GET /version` without a token, asked only when `/user` answered 404 or not as the forge. */
  landmark?: ApiCall | null;
}

function loginOf(call: ApiCall): string | null {
  const json = call.json as { login?: unknown } | null;
  return json && typeof json.login === 'string' ? json.login : null;
}

/** True when a call looks like there is no forge API behind it: a 404, or an answer that is not the forge's. */
export function looksAbsent(call: ApiCall): boolean {
  return call.outcome.kind === 'response' && (call.outcome.status === 404 || call.speaker !== 'forge');
}

function forgeLabel(facts: JudgeFacts): string {
  return facts.forge.type === 'forgejo' ? 'Forgejo' : facts.forge.type === 'gitea' ? 'Gitea' : facts.forge.type;
}

function answer(call: ApiCall): string {
  const status = call.outcome.kind === 'response' ? call.outcome.status : 'nothing';
  return `${status}${call.speaker === 'foreign' ? (call.bodyLine ? ` ("${call.bodyLine}")` : ' (not JSON)') : ''}`;
}

/** No forge API at `url` at all: the landmark and `/user` both 404 or not the forge's. Never the bot's fault. */
function judgeNoApi(obs: IdentityObservation, landmark: ApiCall, facts: JudgeFacts): Judgement {
  const label = forgeLabel(facts);
  return verdict('identity', null, 'inconclusive', 'unexpected-response',
    `No ${label} API answers at ${facts.forge.url}: ${landmark.request} returned ${answer(landmark)} and ${obs.authed.request} returned ${answer(obs.authed)}. Is \`url\` the forge's base URL?`,
    `Likely cause: forges.${facts.forgeName}.url is not the forge's base URL (a missing or extra path prefix, the address of another service), or a proxy, WAF or sign-on front answers instead of the forge. ` +
      `Remedy: set url to the address the forge's web UI has in the browser (its ${landmark.request.replace(/^GET /, '')} answers JSON); nothing is known to be wrong with the token.`,
    { httpStatus: obs.authed.outcome.kind === 'response' ? obs.authed.outcome.status : null, landmarkStatus: landmark.outcome.kind === 'response' ? landmark.outcome.status : null,
      ...(obs.authed.bodyLine ? { body: obs.authed.bodyLine } : {}) });
}

/** Judges an identity observation. */
export function judgeIdentity(obs: IdentityObservation, facts: JudgeFacts): Judgement {
  const { authed, control } = obs;
  const persona = facts.persona;
  if (authed.outcome.kind === 'transient') return judgeTransient('identity', null, authed.request, authed.outcome);
  if (obs.landmark && looksAbsent(obs.landmark) && looksAbsent(authed)) return judgeNoApi(obs, obs.landmark, facts);
  // Only the forge's own answer may say anything about the token (a WAF's HTML 403 is not "account blocked").
  if (authed.speaker !== 'forge') return judgeForeign('identity', null, authed);
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

  // The anonymous control: /user needs a token, so without one the forge must refuse definitively.
  // Any answer as anyone (whatever the login's case), a transient or a front's page proves nothing.
  const gate = judgeControl('identity', null, control, true, `${authed.request} as ${login}`, { login });
  if (gate) return gate;
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

/**
 * A pass over cleartext HTTP to a host that is not this machine becomes a warn (`cleartext`): the token
 * works, and it has crossed the network unencrypted on every probe.
 */
export function withTransportWarning(j: Judgement, facts: JudgeFacts): Judgement {
  if (j.status !== 'pass' || !isCleartext(facts.forge.url)) return j;
  const host = transportOf(facts.forge.url).host;
  return verdict('identity', null, 'warn', 'cleartext',
    `${j.summary.replace(/\.$/, '')}, but over cleartext HTTP: the token crosses the network to ${host} unencrypted on every request and git push.`,
    `Likely cause: forges.${facts.forgeName}.url is http://. Remedy: serve the forge over HTTPS and set url to https://${host}; then rotate ${facts.credential}, which has travelled in cleartext.`,
    { ...j.evidence, transport: 'http', host });
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
    const landmark = looksAbsent(authed) ? await env.api.landmark(ANONYMOUS) : null;
    const obs: IdentityObservation = { authed, control, landmark };
    // Later probes may lean on this presentation only when identity passed (judged here, purely, once more by the engine).
    const passed = judgeIdentity(obs, env.facts).status === 'pass';
    env.shared.identity = { authenticated: passed, login: passed ? loginOf(authed) : null, forgeAnswered: authed.speaker === 'forge' };
    return obs;
  },
  judge: (obs, facts) => withTransportWarning(judgeIdentity(obs, facts), facts),
});
