import { SCOPE_CATEGORIES, parseScopeRejection, parseScopes, type ScopeCategory } from '../core/gitea-scopes.js';
import { last8 } from '../secrets/redact.js';
import { statusOf } from './call.js';
import type { ApiCall, ScopeAnswer, ScopeFinding } from './types.js';

// How the Gitea/Forgejo provider answers "which scopes does this token hold, and how do we know"
// (DESIGN.md rule 5): the persona's token list (needs its password), Gitea 1.23+'s echo of the full scope
// string in any scope 403, or one guarded request per category (reads; writes only when the credential
// opts in). Pure: it reads the calls already made.

/** The Gitea calls the scopes answer is read from. */
export interface GiteaScopeCalls {
  tokenList: { call: ApiCall; matched: string[] | null; ambiguous: boolean } | null;
  reads: Partial<Record<ScopeCategory, ApiCall>>;
  writes: Partial<Record<ScopeCategory, ApiCall>>;
}

/** Result of one category probe: the scope is there, it is not, or the answer says nothing. */
export function probed(call: ApiCall): ScopeFinding {
  if (call.outcome.kind !== 'response') return 'unknown';
  // Only the forge's own router answering in its JSON has run the scope check: a proxy's 405 or 404
  // page, or a WAF's 403, leaves the scope unverified.
  if (call.speaker !== 'forge') return 'unknown';
  const { status } = call.outcome;
  if (status === 403) {
    if (call.refusal?.kind === 'scope-missing') return 'denied';
    // Past the scope check, refused for another reason (not a site admin, not the owner): the scope is there.
    return 'granted';
  }
  // Past the scope check: found, not found, or rejected as a bad request.
  if (status === 200 || status === 204 || status === 404 || status === 405 || status === 422 || status === 400) return 'granted';
  return 'unknown';
}

function echoedScopes(c: GiteaScopeCalls): string[] | null {
  for (const call of [...Object.values(c.reads), ...Object.values(c.writes)]) {
    const echo = call?.refusal?.kind === 'scope-missing' ? call.refusal.tokenScopes : null;
    if (echo) return echo;
  }
  return null;
}

/** The persona's token list entry ending in the token's last eight characters, when exactly one does. */
export function matchTokenList(call: ApiCall, token: string): { matched: string[] | null; ambiguous: boolean } {
  if (statusOf(call) !== 200 || !Array.isArray(call.json)) return { matched: null, ambiguous: false };
  const suffix = last8(token);
  const hits = (call.json as Array<{ token_last_eight?: unknown; scopes?: unknown }>).filter((t) => t.token_last_eight === suffix);
  const first = hits[0];
  if (hits.length !== 1 || !first || !Array.isArray(first.scopes)) return { matched: null, ambiguous: hits.length > 1 };
  return { matched: first.scopes.filter((s): s is string => typeof s === 'string'), ambiguous: false };
}

/** Reads the calls into the neutral answer. `authenticated`: identity proved the presentation; `personaName` for the hint. */
export function giteaScopeAnswer(c: GiteaScopeCalls, required: readonly string[], authenticated: boolean, personaName: string): ScopeAnswer {
  if (c.tokenList?.matched) return exact("the persona's token list", c.tokenList.matched, [c.tokenList.call]);
  const calls = [...Object.values(c.reads), ...Object.values(c.writes)].filter((x): x is ApiCall => x !== undefined);
  const echo = echoedScopes(c);
  if (echo) return exact('the scope string Gitea echoed in a 403', echo, calls);

  const need = parseScopes(required).levels;
  const reads: Partial<Record<ScopeCategory, ScopeFinding>> = {};
  for (const cat of SCOPE_CATEGORIES) {
    const call = c.reads[cat];
    if (call) reads[cat] = probed(call);
  }
  // read:user is what identity's GET /user needs; identity already answered it.
  if (authenticated) reads.user = 'granted';
  const findings: Record<string, ScopeFinding> = {};
  const excess: string[] = [];
  for (const cat of SCOPE_CATEGORIES) {
    const read = reads[cat] ?? 'unknown';
    if (need[cat] === 0 && read === 'granted') excess.push(`read:${cat}`);
    if (need[cat] === 1) findings[`read:${cat}`] = read;
    if (need[cat] === 2) {
      const write = c.writes[cat];
      findings[`write:${cat}`] = read === 'denied' ? 'denied' : write ? probed(write) : 'unknown';
    }
  }
  const listStatus = c.tokenList && c.tokenList.call.outcome.kind === 'response' ? c.tokenList.call.outcome.status : null;
  // A configured password that no longer works is worth saying: it is also what rotation will use.
  const listNote = c.tokenList
    ? c.tokenList.ambiguous
      ? ' (the token list has several tokens ending in the same eight characters)'
      : ` (the persona's token list was not usable: ${listStatus === null ? 'no answer' : `HTTP ${listStatus}`}${listStatus === 401 ? `, check personas.${personaName}.password` : ''})`
    : '';
  return {
    method: `guarded requests${listNote}`,
    calls,
    granted: null,
    probed: findings,
    excess,
    // Only an authenticated token is scope-checked: a scope 403 proves the token, and so does identity.
    proven: authenticated || calls.some((x) => probed(x) === 'denied'),
    unverifiedHint: `Gitea has no scope introspection: configure the password of persona ${personaName} (personas.${personaName}.password) so the token list can be read, or set probeWrites: true to allow writes the forge must reject.`,
  };
}

function exact(method: string, granted: string[], calls: ApiCall[]): ScopeAnswer {
  return { method, calls, granted, probed: {}, excess: [], proven: true, unverifiedHint: null };
}

/** Reads a Gitea scope 403 (both message formats of gitea-api-facts.md §3). */
export function giteaScopeRefusal(message: string | null): { required: string[]; tokenScopes: string[] | null } | null {
  return message ? parseScopeRejection(message) : null;
}
