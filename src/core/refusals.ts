import { judgeForeign, judgeRejectedToken, judgeTransient, verdict } from './judging.js';
import type { Judgement, ProbeId } from './verdict.js';
import type { ApiCall } from '../providers/types.js';

// The refusals every forge-facing probe judges the same way, whatever the forge: the provider has read
// the forge's answer into a Refusal (providers/types.ts); this turns it into a verdict. Pure.

/** Who and what a refusal is about, for the texts. */
export interface RefusalContext {
  credential: string;
  login: string;
  /** The credential's required scopes, as written in the inventory. */
  scopes: readonly string[];
}

/** A rate limit answered as a refusal (GitHub's 403/429): inconclusive, never a fail (DESIGN.md rule 3). */
export function judgeRateLimited(id: ProbeId, target: string | null, call: ApiCall, retryAfterSeconds: number | null, resetAt: string | null): Judgement {
  const status = call.outcome.kind === 'response' ? call.outcome.status : null;
  const when = resetAt ? ` The limit resets at ${resetAt}.` : retryAfterSeconds !== null ? ` The forge asked to wait ${retryAfterSeconds} s.` : '';
  return verdict(id, target, 'inconclusive', 'rate-limited',
    `${call.request} was refused by a rate limit (HTTP ${status ?? '?'}${call.message ? `: ${call.message}` : ''}).${when}`,
    'Likely cause: this token (or this address) used up the forge\'s request quota, or hit a secondary limit. Remedy: nothing is known to be wrong with the token; run the check again after the reset, or lower settings.concurrency.',
    { httpStatus: status, transient: 'rate-limited', ...(resetAt ? { resetAt } : {}), ...(retryAfterSeconds !== null ? { retryAfterSeconds } : {}) });
}

/** The forge said the token expired. */
export function judgeExpiredToken(id: ProbeId, target: string | null, call: ApiCall, ctx: RefusalContext): Judgement {
  return verdict(id, target, 'fail', 'expired', `Token expired: ${call.request} returned 401 (${call.message ?? 'expired'}).`,
    `Likely cause: the token in ${ctx.credential} reached its expiry date. Remedy: mint a new token for ${ctx.login} with ${ctx.scopes.join(', ') || 'the required scopes'}, update ${ctx.credential} in every consumer, and watch the expiry probe's warning next time.`,
    { httpStatus: 401 });
}

/** A valid token without a scope or permission the request needs. */
export function judgeScopeRefusal(id: ProbeId, target: string | null, call: ApiCall, required: readonly string[], tokenScopes: readonly string[] | null, ctx: RefusalContext): Judgement {
  const status = call.outcome.kind === 'response' ? call.outcome.status : 403;
  return verdict(id, target, 'fail', 'scope-missing',
    `${call.request} returned ${status}: the token lacks ${required.length > 0 ? required.join(' or ') : 'a scope this request needs'}.`,
    `Likely cause: the token was minted (or re-minted during a rotation) without that scope or permission. Remedy: mint a replacement for ${ctx.login} with ${ctx.scopes.join(', ') || 'the required scopes'} and update ${ctx.credential}.`,
    { httpStatus: status, required: [...required], ...(tokenScopes ? { tokenScopes: [...tokenScopes] } : {}) });
}

/**
 * The answers every authenticated API probe judges the same way: transient faults, answers that are
 * not the forge's (never a verdict about the token), a token the forge refuses (revoked, expired),
 * rate limits and missing scopes. Returns null when the answer is for the probe itself to judge.
 */
export function judgeCommonRefusal(id: ProbeId, target: string | null, call: ApiCall, ctx: RefusalContext): Judgement | null {
  if (call.outcome.kind === 'transient') return judgeTransient(id, target, call.request, call.outcome);
  // Only the forge's own answer may say anything about the token (a WAF's page is never "revoked").
  if (call.speaker !== 'forge') return judgeForeign(id, target, call);
  const r = call.refusal;
  if (!r) return null;
  switch (r.kind) {
    case 'bad-credentials':
      return judgeRejectedToken(id, target, call, ctx.credential, ctx.login);
    case 'expired':
      return judgeExpiredToken(id, target, call, ctx);
    case 'rate-limited':
      return judgeRateLimited(id, target, call, r.retryAfterSeconds, r.resetAt);
    case 'scope-missing':
      return judgeScopeRefusal(id, target, call, r.required, r.tokenScopes, ctx);
    case 'sso-required':
      return verdict(id, target, 'fail', 'access-lost', `${call.request} returned 403: the token is not authorised for the organisation's single sign-on (${r.text}).`,
        `Likely cause: the organisation enforces SAML SSO and this token was never authorised for it (or the authorisation was revoked). Remedy: as ${ctx.login}, open the token's settings, choose "Configure SSO" and authorise it for the organisation; then run the check again.`,
        { httpStatus: 403, sso: 'required' });
    default:
      return null;
  }
}
