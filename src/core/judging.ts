import type { Evidence, FailureClass, Judgement, ProbeId } from './verdict.js';
import type { HttpOutcome, HttpTransient } from '../http/client.js';

// Judging helpers shared by the probes. Pure: they read observations, never the network.

/** A request's identity for summaries: `GET /api/v1/user`. */
export interface Observed {
  request: string;
  outcome: HttpOutcome;
  message: string | null;
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
  return verdict(
    id,
    target,
    'inconclusive',
    rateLimited ? 'rate-limited' : 'unreachable',
    `${request} gave no usable answer after ${t.attempts} attempt${t.attempts === 1 ? '' : 's'}: ${t.detail}.`,
    rateLimited
      ? 'Likely cause: the forge or a proxy in front of it is rate limiting. Remedy: nothing is known to be wrong with the token; run the check again later or lower settings.concurrency.'
      : 'Likely cause: the forge is down, restarting, overloaded or unreachable from here. Remedy: nothing is known to be wrong with the token; check the forge\'s health and run the check again.',
    { transient: t.reason, httpStatus: t.status, attempts: t.attempts },
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
