// Pure retry policy: which outcomes are transient and how long to wait before the next attempt.
// DESIGN.md rule 3: connection errors, timeouts, 5xx and 429 are retried with bounded backoff,
// honouring Retry-After; a 401 is never retried (repeated bad credentials can lock an account).

/** HTTP statuses worth another attempt. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504 || status === 500;
}

/** Limits of the retry loop. */
export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /** First backoff; doubles each attempt. */
  baseDelayMs: number;
  /** Upper bound of one backoff. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the outcome is reported as rate-limited at once. */
  maxRetryAfterMs: number;
}

/** Defaults: quick enough for CI, patient enough for a restarting forge. */
export const DEFAULT_RETRY_POLICY: Omit<RetryPolicy, 'retries'> = {
  baseDelayMs: 200,
  maxDelayMs: 2_000,
  maxRetryAfterMs: 10_000,
};

/**
 * Milliseconds to wait before attempt `attempt + 1` (attempt counts from 0), or null to stop.
 * `retryAfterMs` is the server's Retry-After, when it sent one; `random` in [0, 1) adds jitter.
 */
export function nextDelay(policy: RetryPolicy, attempt: number, retryAfterMs: number | null, random: number): number | null {
  if (attempt >= policy.retries) return null;
  if (retryAfterMs !== null) {
    if (retryAfterMs > policy.maxRetryAfterMs) return null;
    return retryAfterMs;
  }
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  // Full jitter on the upper half keeps retries from many credentials from arriving in lockstep.
  return Math.round(exp / 2 + (exp / 2) * random);
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds from `now`; null if absent or garbled. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}
