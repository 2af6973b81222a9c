import type { Evidence, FailureClass, Judgement, ProbeId } from './verdict.js';
import type { HttpOutcome, HttpTransient } from '../http/client.js';
import { DEFINITIVE_DENIALS, type Speaker } from './forge-response.js';

// Judging helpers shared by the probes. Pure: they read observations, never the network.

/** A request's identity for summaries: `GET /api/v1/user`. */
export interface Observed {
  request: string;
  outcome: HttpOutcome;
  message: string | null;
  /** Who answered (core/forge-response.ts). */
  speaker: Speaker;
  /** First line of a body that was not the forge's, scrubbed. */
  bodyLine: string | null;
  /** The provider's reading of a refusal (providers/types.ts), when it read one: a 403 may be a rate limit. */
  refusal?: { kind: string } | null;
}

/** Builds a judgement; the one constructor every probe uses so fields never go missing. */
export function verdict(
  id: ProbeId,
  target: string | null,
  status: Judgement['status'],
  cls: FailureClass | null,
  summary: string,
  remedy: string | null,
  evidence: Evidence = {},
): Judgement {
  return { id, target, status, class: cls, summary, remedy, evidence };
}

/** Transient faults are never red and never green (DESIGN.md rule 3). */
export function judgeTransient(id: ProbeId, target: string | null, request: string, t: HttpTransient): Judgement {
  const rateLimited = t.reason === 'rate-limited';
  const said = t.notSent
    ? `${request} was not sent: ${t.detail.replace(/^not sent: /, '')}.`
    : `${request} gave no usable answer after ${t.attempts} attempt${t.attempts === 1 ? '' : 's'}: ${t.detail}.`;
  return verdict(
    id,
    target,
    'inconclusive',
    rateLimited ? 'rate-limited' : 'unreachable',
    said,
    rateLimited
      ? 'Likely cause: the forge or a proxy in front of it is rate limiting. Remedy: nothing is known to be wrong with the token; run the check again later or lower settings.concurrency.'
      : 'Likely cause: the forge is down, restarting, overloaded or unreachable from here. Remedy: nothing is known to be wrong with the token; check the forge\'s health and run the check again.',
    { transient: t.reason, httpStatus: t.status, attempts: t.attempts, ...(t.notSent ? { forgeDown: true } : {}) },
  );
}

/** A 401 for a presented token: the token is not (or no longer) valid. Never retried. */
export function judgeRejectedToken(id: ProbeId, target: string | null, o: Observed, credential: string, login: string): Judgement {
  return verdict(
    id,
    target,
    'fail',
    'revoked',
    `Token rotation suspected: ${o.request} returned 401${o.message ? ` (${o.message})` : ''}.`,
    `Likely cause: the token in ${credential} was revoked, regenerated or rotated, and this secret still holds the old value. ` +
      `Remedy: mint a new token for ${login} with the required scopes, update ${credential} in every consumer's secret store, then run credcanary check again.`,
    { httpStatus: 401 },
  );
}

/** A probe whose anonymous control also satisfied it, without a proven presentation: it cannot tell. */
export function judgeNonDiscriminating(id: ProbeId, target: string | null, what: string, evidence: Evidence = {}): Judgement {
  return verdict(
    id,
    target,
    'inconclusive',
    'non-discriminating',
    `${what} also succeeds without any credential, and the token was not proven to be the one in use, so this result says nothing about the token.`,
    'Likely cause: the resource is public and the identity check did not confirm the token (see the identity verdict). Remedy: fix the identity result, or point this check at a private resource that needs the token.',
    { anonymousControl: 'succeeded', ...evidence },
  );
}

/** A response no rule explains: reported, never guessed at. */
export function judgeUnexpected(id: ProbeId, target: string | null, o: Observed): Judgement {
  if (o.speaker === 'foreign') return judgeForeign(id, target, o);
  const status = o.outcome.kind === 'response' ? o.outcome.status : null;
  return verdict(
    id,
    target,
    'inconclusive',
    'unexpected-response',
    `${o.request} returned ${status ?? 'nothing usable'}${o.message ? ` (${o.message})` : ''}, which this probe does not know how to judge.`,
    'Likely cause: a proxy in front of the forge, or a forge version this probe has not met. Remedy: run the request by hand and report it if the forge is healthy.',
    { httpStatus: status },
  );
}

function answeredBy(o: Observed): string {
  const status = o.outcome.kind === 'response' ? o.outcome.status : 'nothing';
  return `${status}${o.bodyLine ? ` ("${o.bodyLine}")` : ''}`;
}

/** Evidence of an answer that was not the forge's: its status and first body line. */
function foreignEvidence(o: Observed): Evidence {
  return { httpStatus: o.outcome.kind === 'response' ? o.outcome.status : null, ...(o.bodyLine ? { body: o.bodyLine } : {}) };
}

/** Something other than the forge answered (a proxy, WAF or sign-on page): it says nothing about the token. */
export function judgeForeign(id: ProbeId, target: string | null, o: Observed): Judgement {
  return verdict(
    id,
    target,
    'inconclusive',
    'unexpected-response',
    `${o.request} returned ${answeredBy(o)}, which is not the forge's own answer, so it says nothing about the token.`,
    'Likely cause: a proxy, WAF or single-sign-on front between credcanary and the forge answered instead of it, or the forge\'s `url` is not its base URL. Remedy: check that the forge\'s API answers directly at the configured `url` (in its own JSON); nothing is known to be wrong with the token.',
    foreignEvidence(o),
  );
}

/**
 * The no-false-green rule for anonymous controls (DESIGN.md rule 1), one helper for every probe: a
 * result the token earned counts only when the same request without it failed *definitively* —
 * 401/403/404 from the forge itself — or when the forge answered it with less than is required
 * (`satisfied` false). A transient control or one the forge did not answer proves nothing. Returns
 * null when the result may stand, else the inconclusive verdict that replaces it.
 */
export function judgeControl(id: ProbeId, target: string | null, control: Observed, satisfied: boolean, what: string, evidence: Evidence = {}): Judgement | null {
  const o = control.outcome;
  if (o.kind === 'transient') {
    return verdict(id, target, 'inconclusive', o.reason === 'rate-limited' ? 'rate-limited' : 'unreachable',
      `The anonymous control ${control.request} gave no usable answer (${o.detail}), so ${what} cannot be told apart from what anyone gets without a token.`,
      'Likely cause: the forge or a proxy in front of it was failing or rate limiting requests without a token. Remedy: nothing is known to be wrong with the token; run the check again later.',
      { ...evidence, anonymousControl: 'no answer', transient: o.reason, httpStatus: o.status });
  }
  if (control.refusal?.kind === 'rate-limited') {
    // GitHub answers a used-up anonymous quota (60 an hour per address) with 403: that is no denial of anything.
    return verdict(id, target, 'inconclusive', 'rate-limited',
      `The anonymous control ${control.request} was refused by a rate limit (${o.status}${control.message ? `: ${control.message}` : ''}), so ${what} cannot be told apart from what anyone gets without a token.`,
      'Likely cause: requests without a token have their own, small quota (GitHub: 60 an hour per address). Remedy: nothing is known to be wrong with the token; run the check again after the limit resets.',
      { ...evidence, anonymousControl: 'rate-limited', httpStatus: o.status });
  }
  if (control.speaker !== 'forge') {
    return verdict(id, target, 'inconclusive', 'unexpected-response',
      `The anonymous control ${control.request} returned ${answeredBy(control)}, which is not the forge's own answer, so ${what} cannot be told apart from what anyone gets without a token.`,
      'Likely cause: a proxy, WAF or single-sign-on front answers requests without a token itself. Remedy: nothing is known to be wrong with the token; let credcanary reach the forge\'s API directly.',
      { ...evidence, anonymousControl: 'not the forge', ...foreignEvidence(control) });
  }
  if (DEFINITIVE_DENIALS.has(o.status)) return null;
  if (o.status >= 200 && o.status < 300) return satisfied ? judgeNonDiscriminating(id, target, what, evidence) : null;
  return verdict(id, target, 'inconclusive', 'unexpected-response',
    `The anonymous control ${control.request} returned ${o.status}${control.message ? ` (${control.message})` : ''}, not a denial, so ${what} cannot be told apart from what anyone gets without a token.`,
    'Likely cause: a forge version or setting this probe has not met. Remedy: run the request without a token by hand and report what it returns.',
    { ...evidence, anonymousControl: String(o.status), httpStatus: o.status });
}
