import type { Verdict } from '../core/verdict.js';
import type { CredentialReport } from '../report/model.js';

/** Progress events the engine emits while a check runs (the TTY progress line listens to these). */
export type CheckEvent =
  | { type: 'start'; credentials: number }
  | { type: 'probe'; credential: string; verdict: Verdict }
  | { type: 'credential'; report: CredentialReport }
  /** A request is about to be retried (attempt `attempt` of `of` failed with `reason`). */
  | { type: 'retry'; host: string; attempt: number; of: number; reason: string }
  | { type: 'done' };

/** Receives progress events; must not throw. */
export type CheckListener = (event: CheckEvent) => void;
