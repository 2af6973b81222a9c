import { Cron } from 'croner';
import { durationMs } from './duration.js';

// The consumer heartbeat state machine, healthchecks.io's model: pings move a consumer up (or down on
// /fail), the clock moves it late after its period (or cron slot) and down after the grace time. Pure:
// `now` is passed in. A muted change (a failing credential already explains it) changes state without
// raising an alert, and then owes no recovery alert either.

/** Where a consumer stands. */
export type HeartbeatPhase = 'new' | 'up' | 'late' | 'down' | 'paused';

/** What kind of ping arrived. */
export type PingKind = 'success' | 'start' | 'fail' | 'log';

/** Alerts a heartbeat can raise. */
export type HeartbeatEvent = 'consumer.late' | 'consumer.down' | 'consumer.up';

/** When pings are expected. */
export type Expectation = { kind: 'period'; periodMs: number; graceMs: number } | { kind: 'cron'; cron: Cron; graceMs: number };

/** What the machine remembers. */
export interface HeartbeatState {
  phase: HeartbeatPhase;
  lastPingAt: number | null;
  lastStartAt: number | null;
  /** Duration of the last run that sent /start and then a success. */
  lastDurationMs: number | null;
  /** A late/down alert went out for the current outage, so recovery must be announced. */
  alerted: boolean;
}

/** One step's outcome. */
export interface HeartbeatStep {
  state: HeartbeatState;
  /** The alert to send (null when none, or muted). */
  event: HeartbeatEvent | null;
  /** Set when the phase changed. */
  change: { from: HeartbeatPhase; to: HeartbeatPhase; muted: boolean } | null;
}

/** Compiles an inventory heartbeat. */
export function expectationOf(heartbeat: { period: string; grace: string } | { schedule: string; tz?: string | undefined; grace: string }): Expectation {
  const graceMs = durationMs(heartbeat.grace);
  if ('period' in heartbeat) return { kind: 'period', periodMs: durationMs(heartbeat.period), graceMs };
  return { kind: 'cron', cron: new Cron(heartbeat.schedule, { paused: true, timezone: heartbeat.tz ?? 'UTC' }), graceMs };
}

/** A consumer that never pinged. */
export function initialHeartbeat(): HeartbeatState {
  return { phase: 'new', lastPingAt: null, lastStartAt: null, lastDurationMs: null, alerted: false };
}

/** When the next ping is expected after one at `lastPingAt`. */
export function expectedAfter(expect: Expectation, lastPingAt: number): number {
  if (expect.kind === 'period') return lastPingAt + expect.periodMs;
  return expect.cron.nextRun(new Date(lastPingAt))?.getTime() ?? Number.POSITIVE_INFINITY;
}

function move(prev: HeartbeatState, next: HeartbeatState, event: HeartbeatEvent | null, muted: boolean): HeartbeatStep {
  if (prev.phase === next.phase) return { state: next, event: null, change: null };
  const change = { from: prev.phase, to: next.phase, muted: event !== null && muted };
  if (event === 'consumer.up') {
    // Recovery is announced only when the outage was.
    return { state: { ...next, alerted: false }, event: prev.alerted ? event : null, change: { ...change, muted: false } };
  }
  if (event && !muted) return { state: { ...next, alerted: true }, event, change };
  return { state: next, event: null, change };
}

/** Applies a ping received at `now`. */
export function onPing(prev: HeartbeatState, kind: PingKind, now: number, muted: boolean): HeartbeatStep {
  switch (kind) {
    case 'log':
      return { state: prev, event: null, change: null };
    case 'start':
      return { state: { ...prev, lastStartAt: now }, event: null, change: null };
    case 'fail':
      return move(prev, { ...prev, phase: 'down', lastPingAt: now, lastStartAt: null }, 'consumer.down', muted);
    case 'success': {
      const duration = prev.lastStartAt !== null && (prev.lastPingAt === null || prev.lastStartAt > prev.lastPingAt) ? now - prev.lastStartAt : null;
      const next: HeartbeatState = { ...prev, phase: 'up', lastPingAt: now, lastStartAt: null, lastDurationMs: duration ?? prev.lastDurationMs };
      return move(prev, next, prev.phase === 'late' || prev.phase === 'down' ? 'consumer.up' : null, muted);
    }
  }
}

/** Applies the passage of time up to `now`. */
export function onTick(prev: HeartbeatState, expect: Expectation, now: number, muted: boolean): HeartbeatStep {
  if (prev.phase === 'new' || prev.phase === 'paused' || prev.phase === 'down' || prev.lastPingAt === null) {
    return { state: prev, event: null, change: null };
  }
  // A run that said /start and never finished is down once the grace time has passed.
  const started = prev.lastStartAt !== null && prev.lastStartAt > prev.lastPingAt ? prev.lastStartAt : null;
  if (started !== null && now > started + expect.graceMs) return move(prev, { ...prev, phase: 'down' }, 'consumer.down', muted);
  const expected = expectedAfter(expect, prev.lastPingAt);
  if (now > expected + expect.graceMs) return move(prev, { ...prev, phase: 'down' }, 'consumer.down', muted);
  if (now > expected && prev.phase === 'up') return move(prev, { ...prev, phase: 'late' }, 'consumer.late', muted);
  return { state: prev, event: null, change: null };
}

/** When the clock can next change `state` (null: only a ping can), so the daemon looks at a consumer only then. */
export function nextWake(state: HeartbeatState, expect: Expectation): number | null {
  if (state.phase === 'new' || state.phase === 'paused' || state.phase === 'down' || state.lastPingAt === null) return null;
  const expected = expectedAfter(expect, state.lastPingAt);
  const started = state.lastStartAt !== null && state.lastStartAt > state.lastPingAt ? state.lastStartAt + expect.graceMs : Number.POSITIVE_INFINITY;
  // Strictly after a boundary is when the state changes (onTick compares with >).
  const next = Math.min(state.phase === 'up' ? expected : expected + expect.graceMs, started) + 1;
  return Number.isFinite(next) ? next : null;
}

/** Pauses monitoring until the next ping. */
export function pause(prev: HeartbeatState): HeartbeatStep {
  return move(prev, { ...prev, phase: 'paused', alerted: false }, null, false);
}

/** Parses a stored state, falling back to a new consumer for anything unreadable. */
export function parseHeartbeat(text: string): HeartbeatState {
  try {
    const v = JSON.parse(text) as Partial<HeartbeatState>;
    const phases: HeartbeatPhase[] = ['new', 'up', 'late', 'down', 'paused'];
    const num = (n: unknown): number | null => (typeof n === 'number' && Number.isFinite(n) ? n : null);
    return {
      phase: phases.includes(v.phase as HeartbeatPhase) ? (v.phase as HeartbeatPhase) : 'new',
      lastPingAt: num(v.lastPingAt),
      lastStartAt: num(v.lastStartAt),
      lastDurationMs: num(v.lastDurationMs),
      alerted: v.alerted === true,
    };
  } catch {
    return initialHeartbeat();
  }
}
