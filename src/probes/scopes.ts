import { judgeNonDiscriminating, judgeTransient, verdict } from '../core/judging.js';
import { judgeCommonRefusal } from '../core/refusals.js';
import { scopeAlgebra } from '../core/scope-algebra.js';
import type { Judgement } from '../core/verdict.js';
import type { ScopeAnswer } from '../providers/types.js';
import { ask, defineProbe, type JudgeFacts } from './types.js';

/** The provider's answer to "which scopes does it hold, and how do we know" (DESIGN.md rule 5). */
export type ScopesObservation = ScopeAnswer;

function mintRemedy(facts: JudgeFacts): string {
  return `Remedy: mint a replacement for ${facts.persona.login} with ${facts.spec.scopes.join(', ')}, update ${facts.credential}, then revoke the old token.`;
}

/** Exact scopes: compared with the required ones by the forge's scope algebra. */
function judgeExact(obs: ScopesObservation, granted: readonly string[], facts: JudgeFacts): Judgement {
  const algebra = scopeAlgebra(facts.forge.type);
  const { missing, excess } = algebra.compare(facts.spec.scopes, granted);
  const has = algebra.format(granted).join(', ') || '(none)';
  const evidence = { method: obs.method, tokenScopes: algebra.format(granted) };
  if (missing.length > 0) {
    return verdict('scopes', null, 'fail', 'scope-missing', `Scope missing: the token has ${has} but lacks ${missing.join(', ')} (read from ${obs.method}).`,
      `Likely cause: the token was minted or rotated with too few scopes. ${mintRemedy(facts)}`, { ...evidence, missing });
  }
  if (excess.length > 0) {
    return verdict('scopes', null, 'warn', 'scope-excess', `Least privilege: the token also has ${excess.join(', ')}, which this credential does not need (read from ${obs.method}).`,
      `Likely cause: the token was minted with broad scopes. Remedy: at the next rotation mint it with exactly ${facts.spec.scopes.join(', ')}.`, { ...evidence, excess });
  }
  return verdict('scopes', null, 'pass', null, `Token scopes are exactly what is required: ${has} (read from ${obs.method}).`, null, evidence);
}

/** Judges a scopes observation, whatever the forge. */
export function judgeScopes(obs: ScopesObservation, facts: JudgeFacts): Judgement {
  const ctx = { credential: facts.credential, login: facts.persona.login, scopes: facts.spec.scopes };
  // A token refused outright while the check ran (revoked mid-run, rate limited) decides first.
  for (const call of obs.calls) {
    const r = call.refusal?.kind;
    if (r === 'bad-credentials' || r === 'expired' || r === 'rate-limited') return judgeCommonRefusal('scopes', null, call, ctx)!;
  }
  if (obs.granted) return judgeExact(obs, obs.granted, facts);
  if (!obs.proven) return judgeNonDiscriminating('scopes', null, `probing ${obs.method}`);

  const entries = Object.entries(obs.probed);
  const missing = entries.filter(([, f]) => f === 'denied').map(([s]) => s);
  const unknown = entries.filter(([, f]) => f === 'unknown').map(([s]) => s);
  const transient = obs.calls.find((c) => c.outcome.kind === 'transient');
  if (transient && transient.outcome.kind === 'transient' && unknown.length > 0) return judgeTransient('scopes', null, transient.request, transient.outcome);
  const evidence = { method: obs.method, confirmed: entries.filter(([, f]) => f === 'granted').map(([s]) => s) };
  if (missing.length > 0) {
    return verdict('scopes', null, 'fail', 'scope-missing', `Scope missing: the forge refused requests guarded by ${missing.join(', ')}.`,
      `Likely cause: the token was minted or rotated with too few scopes or permissions. ${mintRemedy(facts)}`, { ...evidence, missing });
  }
  if (unknown.length > 0) {
    return verdict('scopes', null, 'warn', 'scope-unverified', `Scopes partly unverified: ${unknown.join(', ')} could not be confirmed without a write (read from ${obs.method}).`,
      obs.unverifiedHint ?? 'Remedy: check the token\'s scopes in the forge\'s settings page.', { ...evidence, unverified: unknown });
  }
  if (obs.excess.length > 0) {
    return verdict('scopes', null, 'warn', 'scope-excess', `Least privilege: the token can also use ${obs.excess.join(', ')}, which this credential does not need.`,
      `Likely cause: the token was minted with broad scopes. Remedy: at the next rotation mint it with exactly ${facts.spec.scopes.join(', ')}.`, { ...evidence, excess: obs.excess });
  }
  return verdict('scopes', null, 'pass', null, `Required scopes confirmed by ${obs.method}: ${facts.spec.scopes.join(', ')}.`, null, evidence);
}

/** `scopes`: the token's scopes, by the best method the forge allows. */
export const scopesProbe = defineProbe<null, ScopesObservation>({
  id: 'scopes',
  phase: 'main',
  network: 'api',
  needsIdentity: true,
  targets: () => [null],
  targetName: () => null,
  observe: (env) =>
    ask(env.api, 'scopes')({
      token: env.shared.token ?? '',
      login: env.facts.persona.login,
      required: env.facts.spec.scopes,
      repos: env.facts.spec.repos ?? [],
      probeWrites: env.facts.spec.probeWrites === true,
      authenticated: env.shared.identity?.authenticated === true,
      password: env.facts.persona.password,
      readSecret: env.readSecret,
    }),
  judge: (obs, facts) => judgeScopes(obs, facts),
});
