import { Cron } from 'croner';
import type { CheckSchedule } from '../inventory/serve-schema.js';
import { durationMs } from './duration.js';

// When checks are due. Pure: every function takes `now` (epoch ms) and returns epoch ms.

/** A schedule ready to compute due times. */
export type Cadence = { kind: 'every'; periodMs: number } | { kind: 'cron'; cron: Cron };

/** Compiles an inventory schedule (cron in its time zone, UTC by default). */
export function cadenceOf(schedule: CheckSchedule): Cadence {
  if ('every' in schedule) return { kind: 'every', periodMs: durationMs(schedule.every) };
  return { kind: 'cron', cron: new Cron(schedule.cron, { paused: true, timezone: schedule.tz ?? 'UTC' }) };
}

/** The first regular due time strictly after `after`, before jitter. */
export function nextTick(cadence: Cadence, after: number): number {
  if (cadence.kind === 'every') return after + cadence.periodMs;
  const next = cadence.cron.nextRun(new Date(after));
  // croner returns null only for expressions that never fire again; the schema admits none.
  if (!next) throw new Error('cron schedule has no next run');
  return next.getTime();
}

/** A stable jitter in [0, max) for `name`, so checks of many credentials do not all start in the same second. */
export function jitterMs(name: string, cadence: Cadence): number {
  const spread = cadence.kind === 'every' ? Math.min(cadence.periodMs / 10, 30_000) : 5_000;
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619) >>> 0;
  return Math.floor((hash / 2 ** 32) * spread);
}

/** A new credential's first due time: now plus its jitter (a fresh daemon checks everything promptly). */
export function firstDue(name: string, cadence: Cadence, now: number): number {
  return now + jitterMs(name, cadence);
}

/**
 * The regular due time after the run due at `dueAt` finished at `now`. Periods stay anchored to the
 * previous due time (no drift); due times missed while the daemon was down are not replayed: the run
 * that just happened was their one catch-up, and the schedule resumes from `now`.
 */
export function nextRegularDue(name: string, cadence: Cadence, dueAt: number, now: number): number {
  const jitter = cadence.kind === 'cron' ? jitterMs(name, cadence) : 0;
  // Cron due times carry the jitter; strip it to find the slot the run belonged to.
  const slot = dueAt - jitter;
  let next = nextTick(cadence, slot) + jitter;
  if (next <= now) {
    if (cadence.kind === 'every') {
      // Keep the phase: skip whole periods.
      const missed = Math.floor((now - next) / cadence.periodMs) + 1;
      next += missed * cadence.periodMs;
    } else {
      next = nextTick(cadence, now - jitter) + jitter;
    }
  }
  return next;
}
