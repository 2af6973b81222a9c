import type { Status } from './status.js';

/** Probe ids, in the order they run and are reported (DESIGN.md "Probes"). */
export const PROBE_IDS = [
  'presence',
  'identity',
  'scopes',
  'repo-access',
  'branch-push',
  'git-auth',
  'file-drift',
  'expiry',
] as const;

/** A probe id. */
export type ProbeId = (typeof PROBE_IDS)[number];

/**
 * Stable failure classes. Fail classes come from DESIGN.md's probe table; the inconclusive and warn
 * classes name why a verdict could not be green.
 */
export type FailureClass =
  // fail
  | 'missing'
  | 'malformed-secret'
  | 'revoked'
  | 'wrong-persona'
  | 'forbidden-persona'
  | 'scope-missing'
  | 'access-lost'
  | 'push-denied'
  | 'git-auth-failed'
  | 'drift'
  | 'expired'
  | 'account-blocked'
  // warn
  | 'scope-excess'
  | 'scope-unverified'
  | 'persona-unverified'
  | 'push-unverified'
  | 'expiring'
  | 'file-mode'
  | 'cleartext'
  // inconclusive
  | 'non-discriminating'
  | 'unreachable'
  | 'rate-limited'
  | 'source-error'
  | 'unexpected-response'
  // skipped
  | 'not-applicable';

/** Evidence recorded with a verdict: facts observed, never secrets. */
export type Evidence = Record<string, string | number | boolean | null | readonly string[]>;

/** What a probe concluded about one target of one credential. */
export interface Verdict {
  id: ProbeId;
  /** What was looked at: `acme/core`, `acme/core@staging`, a file path; null for the credential itself. */
  target: string | null;
  status: Status;
  class: FailureClass | null;
  /** One line: what was observed. */
  summary: string;
  /** Runbook text: likely cause and what to do. Null on pass. */
  remedy: string | null;
  durationMs: number;
  evidence: Evidence;
}

/** A verdict before it is timed: the pure judges return this and the engine adds `durationMs`. */
export type Judgement = Omit<Verdict, 'durationMs'>;
