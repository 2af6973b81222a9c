import type { Status } from './status.js';

// The credential alert state machine. Pure: the run's outcome and `now` in, the new state and the
// alerts to send out. One alert per state change; reminders while failing; inconclusive runs never
// count as failures.

/** Where a credential's alerting stands. */
export type AlertPhase = 'ok' | 'failing' | 'cannot-check';

/** What the machine remembers between runs. */
export interface AlertState {
  phase: AlertPhase;
  /** Consecutive failing runs (inconclusive runs neither add nor reset). */
  fails: number;
  /** Consecutive passing runs. */
  passes: number;
  /** Consecutive inconclusive runs. */
  inconclusives: number;
  /** When the last alert or reminder for the current phase went out. */
  lastAlertAt: number | null;
  /** The failure class that caused the current phase. */
  class: string | null;
}

/** Thresholds, in runs and milliseconds. */
export interface AlertPolicy {
  failAfter: number;
  confirmAfterMs: number;
  recoverAfter: number;
  remindEveryMs: number;
}

/** Alerts a credential run can raise. */
export type CredentialEvent = 'credential.failed' | 'credential.recovered' | 'credential.inconclusive' | 'reminder';

/** The outcome of one step. */
export interface AlertStep {
  state: AlertState;
  events: CredentialEvent[];
  /** When set, run again at this time to confirm a first failure instead of waiting a whole period. */
  confirmAt: number | null;
}

/** Inconclusive runs in a row before one "cannot check" alert. */
export const CANNOT_CHECK_AFTER = 3;

/** The state of a credential never run. */
export function initialAlertState(): AlertState {
  return { phase: 'ok', fails: 0, passes: 0, inconclusives: 0, lastAlertAt: null, class: null };
}

/** Applies one run's status (and its failure class) at `now`. */
export function stepAlert(prev: AlertState, status: Status, cls: string | null, now: number, policy: AlertPolicy): AlertStep {
  const events: CredentialEvent[] = [];
  let confirmAt: number | null = null;
  let state: AlertState;
  if (status === 'fail') {
    state = { ...prev, fails: prev.fails + 1, passes: 0, inconclusives: 0 };
    if (prev.phase !== 'failing') {
      if (state.fails >= policy.failAfter) {
        state = { ...state, phase: 'failing', lastAlertAt: now, class: cls };
        events.push('credential.failed');
      } else {
        confirmAt = now + policy.confirmAfterMs;
      }
    }
  } else if (status === 'inconclusive') {
    state = { ...prev, passes: 0, inconclusives: prev.inconclusives + 1 };
    if (prev.phase === 'ok' && state.inconclusives >= CANNOT_CHECK_AFTER) {
      state = { ...state, phase: 'cannot-check', lastAlertAt: now, class: cls };
      events.push('credential.inconclusive');
    }
  } else {
    // pass, warn and skipped all say the credential works as far as was asked.
    state = { ...prev, fails: 0, inconclusives: 0, passes: prev.passes + 1 };
    if (prev.phase === 'failing' && state.passes >= policy.recoverAfter) {
      state = { ...state, phase: 'ok', lastAlertAt: now, class: null };
      events.push('credential.recovered');
    } else if (prev.phase === 'cannot-check') {
      state = { ...state, phase: 'ok', lastAlertAt: now, class: null };
      events.push('credential.recovered');
    }
  }
  if (events.length === 0 && state.phase === 'failing' && state.lastAlertAt !== null && now - state.lastAlertAt >= policy.remindEveryMs) {
    state = { ...state, lastAlertAt: now };
    events.push('reminder');
  }
  return { state, events, confirmAt };
}

/** Parses a stored state, falling back to the initial state for anything unreadable. */
export function parseAlertState(text: string): AlertState {
  try {
    const value = JSON.parse(text) as Partial<AlertState>;
    const phase: AlertPhase = value.phase === 'failing' || value.phase === 'cannot-check' ? value.phase : 'ok';
    const count = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : 0);
    return {
      phase,
      fails: count(value.fails),
      passes: count(value.passes),
      inconclusives: count(value.inconclusives),
      lastAlertAt: typeof value.lastAlertAt === 'number' ? value.lastAlertAt : null,
      class: typeof value.class === 'string' ? value.class : null,
    };
  } catch {
    return initialAlertState();
  }
}
