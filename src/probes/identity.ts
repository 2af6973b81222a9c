import { judgeControl, judgeForeign, judgeRejectedToken, judgeTransient, judgeUnexpected, verdict } from '../core/judging.js';
import { judgeExpiredToken, judgeRateLimited, judgeScopeRefusal } from '../core/refusals.js';
import { isCleartext, transportOf } from '../core/transport.js';
import type { Evidence, Judgement } from '../core/verdict.js';
import { looksAbsent } from '../providers/call.js';
import type { ApiCall, IdentityAnswer } from '../providers/types.js';
import { ask, defineProbe, type JudgeFacts } from './types.js';

/** The provider's answer to "who is this token": `/user` (or its family's), its anonymous control, and the landmark when `/user` looked absent. */
export type IdentityObservation = IdentityAnswer;

export { looksAbsent };

function ok(call: ApiCall): boolean {
  return call.outcome.kind === 'response' && call.outcome.status === 200;
}

function forgeLabel(facts: JudgeFacts): string {
  return { gitea: 'Gitea', forgejo: 'Forgejo', github: 'GitHub', gitlab: 'GitLab', http: 'HTTP verify' }[facts.forge.type];
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

/** Judges an identity observation, whatever the forge: the provider has read the login and any refusal. */
export function judgeIdentity(obs: IdentityObservation, facts: JudgeFacts): Judgement {
  const { authed, control } = obs;
  const persona = facts.persona;
  const ctx = { credential: facts.credential, login: persona.login, scopes: facts.spec.scopes };
  if (authed.outcome.kind === 'transient') return judgeTransient('identity', null, authed.request, authed.outcome);
  if (obs.landmark && looksAbsent(obs.landmark) && looksAbsent(authed)) return judgeNoApi(obs, obs.landmark, facts);
  // Only the forge's own answer may say anything about the token (a WAF's HTML 403 is not "account blocked").
  if (authed.speaker !== 'forge') return judgeForeign('identity', null, authed);
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

  // The anonymous control: "who am I" needs a token, so without one the forge must refuse definitively.
  // Any answer as anyone (whatever the login's case), a transient or a front's page proves nothing.
  const gate = judgeControl('identity', null, control, true, `${authed.request} as ${login}`, { login });
  if (gate) return gate;
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
  if (inst.authed.speaker !== 'forge') return judgeForeign('identity', null, inst.authed);
  if (!ok(inst.authed)) return judgeUnexpected('identity', null, inst.authed);
  const gate = judgeControl('identity', null, inst.control, true, `${inst.authed.request} as an App installation`);
  if (gate) return gate;
  const repos = inst.repositories === null ? 'its repositories' : `${inst.repositories} repositor${inst.repositories === 1 ? 'y' : 'ies'}`;
  return verdict('identity', null, 'warn', 'persona-unverified',
    `${facts.credential} is a working ${obs.tokenKind ?? 'App installation token'} reaching ${repos}; it names no user (${obs.authed.request} returned 403), so persona "${facts.persona.login}" cannot be confirmed.`,
    `Likely cause: an App installation token is stored as a long-lived secret; these expire one hour after they are minted. Remedy: mint installation tokens per run (actions/create-github-app-token) instead of storing one, or use a token of bot account ${facts.persona.login}.`,
    { httpStatus: 200, tokenKind: obs.tokenKind ?? 'App installation token', ...(inst.repositories !== null ? { repositories: inst.repositories } : {}) });
}

/** Whether later probes may lean on this presentation: identity passed, or the token proved to work without naming a user. */
export function provesIdentity(j: Judgement): boolean {
  return j.status === 'pass' || (j.status === 'warn' && j.class === 'persona-unverified');
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

/** `identity`: the forge's "who am I" → login equals the persona; its anonymous control must fail definitively. */
export const identityProbe = defineProbe<null, IdentityObservation>({
  id: 'identity',
  phase: 'identity',
  network: 'api',
  targets: () => [null],
  targetName: () => null,
  async observe(env) {
    const obs = await ask(env.api, 'identity')(env.shared.token ?? '');
    // Later probes may lean on this presentation only when identity passed (judged here, purely, once more by the engine).
    const passed = provesIdentity(judgeIdentity(obs, env.facts));
    env.shared.identity = { authenticated: passed, login: passed ? obs.authed.login : null, forgeAnswered: obs.authed.speaker === 'forge' };
    return obs;
  },
  judge: (obs, facts) => withTransportWarning(judgeIdentity(obs, facts), facts),
});
