import type { Verdict } from '../core/verdict.js';
import type { CredentialReport } from '../report/model.js';

/** Progress events the engine emits while a check runs (the TTY progress line listens to these). */
export type CheckEvent =
  | { type: 'start'; credentials: number }
  | { type: 'probe'; credential: string; verdict: Verdict }
  | { type: 'credential'; report: CredentialReport }
  | { type: 'done' };

/** Receives progress events; must not throw. */
export type CheckListener = (event: CheckEvent) => void;
