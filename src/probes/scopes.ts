import { judgeNonDiscriminating, judgeTransient, verdict } from '../core/judging.js';
import {
  SCOPE_CATEGORIES,
  compareScopes,
  formatScopes,
  parseScopeRejection,
  parseScopes,
  type ScopeCategory,
  type ScopeSet,
} from '../core/gitea-scopes.js';
import type { Judgement } from '../core/verdict.js';
import { last8 } from '../secrets/redact.js';
import type { ApiCall } from '../providers/types.js';
import { defineProbe, type IdentityProof, type JudgeFacts } from './types.js';

/**
 * How the token's scopes were learned, best first (DESIGN.md rule 5): the persona's token list
 * (needs its password), Gitea 1.23+'s echo of the full scope string in any scope 403, or one
 * guarded request per category (reads; writes only when the credential opts in).
 */
export interface ScopesObservation {
  tokenList: { call: ApiCall; matched: string[] | null; ambiguous: boolean } | null;
  reads: Partial<Record<ScopeCategory, ApiCall>>;
  writes: Partial<Record<ScopeCategory, ApiCall>>;
  identity: IdentityProof | null;
}

/** Result of one category probe: the scope is there, it is not, or the answer says nothing. */
type Probed = 'granted' | 'denied' | 'unknown';

function probed(call: ApiCall): Probed {
  if (call.outcome.kind !== 'response') return 'unknown';
  // Only the forge's own router answering in its JSON has run the scope check: a proxy's 405 or 404
  // page, or a WAF's 403, leaves the scope unverified.
  if (call.speaker !== 'forge') return 'unknown';
  const { status } = call.outcome;
  if (status === 403) {
    if (call.message && parseScopeRejection(call.message)) return 'denied';
    // Past the scope check, refused for another reason (not a site admin, not the owner): the scope is there.
    return 'granted';
  }
  // Past the scope check: found, not found, or rejected as a bad request.
  if (status === 200 || status === 204 || status === 404 || status === 405 || status === 422 || status === 400) return 'granted';
  return 'unknown';
}

function echoedScopes(obs: ScopesObservation): string[] | null {
  for (const call of [...Object.values(obs.reads), ...Object.values(obs.writes)]) {
    const echo = call?.message ? parseScopeRejection(call.message)?.tokenScopes : null;
    if (echo) return echo;
  }
  return null;
}

function exactJudgement(facts: JudgeFacts, required: ScopeSet, granted: ScopeSet, how: string): Judgement {
  const { missing, excess } = compareScopes(required, granted);
  const has = formatScopes(granted).join(', ') || '(none)';
  const evidence = { method: how, tokenScopes: formatScopes(granted) };
  if (missing.length > 0) {
    return verdict('scopes', null, 'fail', 'scope-missing', `Scope missing: the token has ${has} but lacks ${missing.join(', ')} (read from ${how}).`,
      `Likely cause: the token was minted or rotated with too few scopes; Gitea scopes cannot be edited. Remedy: mint a replacement for ${facts.persona.login} with ${facts.spec.scopes.join(', ')}, update ${facts.credential}, then revoke the old token.`,
      { ...evidence, missing });
  }
  if (excess.length > 0) {
    return verdict('scopes', null, 'warn', 'scope-excess', `Least privilege: the token also has ${excess.join(', ')}, which this credential does not need (read from ${how}).`,
      `Likely cause: the token was minted with broad scopes (often "all"). Remedy: at the next rotation mint it with exactly ${facts.spec.scopes.join(', ')}.`,
      { ...evidence, excess });
  }
  return verdict('scopes', null, 'pass', null, `Token scopes are exactly what is required: ${has} (read from ${how}).`, null, evidence);
}

/** Judges a scopes observation. */
export function judgeScopes(obs: ScopesObservation, facts: JudgeFacts): Judgement {
  const required = parseScopes(facts.spec.scopes);
  if (obs.tokenList?.matched) return exactJudgement(facts, required, parseScopes(obs.tokenList.matched), 'the persona\'s token list');
  const echo = echoedScopes(obs);
  if (echo) return exactJudgement(facts, required, parseScopes(echo), 'the scope string Gitea echoed in a 403');

  const calls = [...Object.values(obs.reads), ...Object.values(obs.writes)].filter((c): c is ApiCall => c !== undefined);
  // Only an authenticated token is scope-checked: a scope 403 proves the token, and so does identity.
  const proven = obs.identity?.authenticated === true || calls.some((c) => probed(c) === 'denied');
  if (!proven) return judgeNonDiscriminating('scopes', null, 'probing scope-guarded requests');

  const reads: Partial<Record<ScopeCategory, Probed>> = {};
  for (const c of SCOPE_CATEGORIES) {
    const call = obs.reads[c];
    if (!call) continue;
    if (call.outcome.kind === 'transient' && required.levels[c] > 0) return judgeTransient('scopes', null, call.request, call.outcome);
    if (call.outcome.kind === 'response' && call.outcome.status === 401) {
      return verdict('scopes', null, 'fail', 'revoked', `Token rotation suspected: ${call.request} returned 401.`,
        `Likely cause: the token was revoked while the check ran. Remedy: mint a new token for ${facts.persona.login} and update ${facts.credential}.`, { httpStatus: 401 });
    }
    reads[c] = probed(call);
  }
  // read:user is what identity's GET /user needs; identity already answered it.
  if (obs.identity?.authenticated) reads.user = obs.identity.login ? 'granted' : 'denied';

  const missing: string[] = [];
  const excess: string[] = [];
  const unverified: string[] = [];
  for (const c of SCOPE_CATEGORIES) {
    const need = required.levels[c];
    const read = reads[c] ?? 'unknown';
    if (need >= 1 && read === 'denied') missing.push(`read:${c}`);
    if (need === 0 && read === 'granted') excess.push(`read:${c}`);
    if (need >= 1 && read === 'unknown') unverified.push(`read:${c}`);
    if (need === 2 && read !== 'denied') {
      const write = obs.writes[c];
      const w = write ? probed(write) : 'unknown';
      if (w === 'denied') missing.push(`write:${c}`);
      else if (w === 'unknown') unverified.push(`write:${c}`);
    }
  }
  const listStatus = obs.tokenList && obs.tokenList.call.outcome.kind === 'response' ? obs.tokenList.call.outcome.status : null;
  // A configured password that no longer works is worth saying: it is also what rotation will use.
  const listNote = obs.tokenList
    ? obs.tokenList.ambiguous
      ? ' (the token list has several tokens ending in the same eight characters)'
      : ` (the persona's token list was not usable: ${listStatus === null ? 'no answer' : `HTTP ${listStatus}`}${listStatus === 401 ? ', check personas.' + facts.persona.name + '.password' : ''})`
    : '';
  const evidence = {
    method: `guarded requests${listNote}`,
    reads: Object.entries(reads).filter(([, v]) => v === 'granted').map(([k]) => `read:${k}`),
  };
  if (missing.length > 0) {
    return verdict('scopes', null, 'fail', 'scope-missing', `Scope missing: the forge refused requests guarded by ${missing.join(', ')}.`,
      `Likely cause: the token was minted or rotated with too few scopes; Gitea scopes cannot be edited. Remedy: mint a replacement for ${facts.persona.login} with ${facts.spec.scopes.join(', ')}, update ${facts.credential}, then revoke the old token.`,
      { ...evidence, missing });
  }
  if (unverified.length > 0) {
    return verdict('scopes', null, 'warn', 'scope-unverified',
      `Scopes partly unverified: ${unverified.join(', ')} could not be confirmed without a write (Gitea has no scope introspection).`,
      `Remedy: configure the password of persona ${facts.persona.name} (personas.${facts.persona.name}.password) so the token list can be read, or set probeWrites: true on ${facts.credential} to allow writes the forge must reject.`,
      { ...evidence, unverified });
  }
  if (excess.length > 0) {
    return verdict('scopes', null, 'warn', 'scope-excess', `Least privilege: the token can also use ${excess.join(', ')}, which this credential does not need.`,
      `Likely cause: the token was minted with broad scopes (often "all"). Remedy: at the next rotation mint it with exactly ${facts.spec.scopes.join(', ')}.`,
      { ...evidence, excess });
  }
  return verdict('scopes', null, 'pass', null, `Required scopes confirmed by guarded requests: ${facts.spec.scopes.join(', ')}.`, null, evidence);
}

function matchTokenList(call: ApiCall, token: string): { matched: string[] | null; ambiguous: boolean } {
  if (call.outcome.kind !== 'response' || call.outcome.status !== 200 || !Array.isArray(call.json)) return { matched: null, ambiguous: false };
  const suffix = last8(token);
  const hits = (call.json as Array<{ token_last_eight?: unknown; scopes?: unknown }>).filter((t) => t.token_last_eight === suffix);
  const first = hits[0];
  if (hits.length !== 1 || !first || !Array.isArray(first.scopes)) return { matched: null, ambiguous: hits.length > 1 };
  return { matched: first.scopes.filter((s): s is string => typeof s === 'string'), ambiguous: false };
}

/** `scopes`: the token's scopes, by the best method the forge allows. */
export const scopesProbe = defineProbe<null, ScopesObservation>({
  id: 'scopes',
  phase: 'main',
  network: 'api',
  needsIdentity: true,
  targets: () => [null],
  targetName: () => null,
  async observe(env) {
    const token = env.shared.token ?? '';
    const auth = { kind: 'token', token } as const;
    const persona = env.facts.persona;
    let tokenList: ScopesObservation['tokenList'] = null;
    if (persona.password) {
      const password = await env.readSecret(persona.password);
      if (password) {
        const call = await env.api.listTokens({ kind: 'basic', username: persona.login, password }, persona.login);
        tokenList = { call, ...matchTokenList(call, token) };
        if (tokenList.matched) return { tokenList, reads: {}, writes: {}, identity: env.shared.identity };
      }
    }
    const required = parseScopes(env.facts.spec.scopes);
    const reads: ScopesObservation['reads'] = {};
    const writes: ScopesObservation['writes'] = {};
    await Promise.all(
      SCOPE_CATEGORIES.filter((c) => c !== 'user').map(async (c) => {
        const call = env.api.scopeReadProbe(auth, c);
        if (call) reads[c] = await call;
      }),
    );
    const echoed = Object.values(reads).some((c) => c?.message && parseScopeRejection(c.message)?.tokenScopes);
    if (!echoed && env.facts.spec.probeWrites) {
      await Promise.all(
        SCOPE_CATEGORIES.filter((c) => required.levels[c] === 2).map(async (c) => {
          const call = env.api.scopeWriteProbe(auth, c);
          if (call) writes[c] = await call;
        }),
      );
    }
    return { tokenList, reads, writes, identity: env.shared.identity };
  },
  judge: (obs, facts) => judgeScopes(obs, facts),
});
