import { createHash } from 'node:crypto';
import { Cron } from 'croner';
import { UserError } from '../core/errors.js';

// Canary schedules. Every repository that runs `init` with defaults must not fire at :00 or :30, when
// hosted runners are busiest and scheduled runs are delayed or dropped, and two canaries for different
// credentials should not all fire at once; so the minute and hour offset come from a hash of the names.

/** Minutes a default schedule never uses: the top and bottom of the hour, and the quarters. */
const CROWDED_MINUTES: ReadonlySet<number> = new Set([0, 15, 30, 45]);

/** How often a default canary runs, in hours. */
export const DEFAULT_PERIOD_HOURS = 6;

/** A deterministic off-minute cron, every six hours, derived from the credential names (order-insensitive). */
export function defaultCron(credentialNames: readonly string[]): string {
  const digest = createHash('sha256').update([...credentialNames].sort().join('\n')).digest();
  const minutes = Array.from({ length: 60 }, (_, m) => m).filter((m) => !CROWDED_MINUTES.has(m));
  const minute = minutes[digest.readUInt16BE(0) % minutes.length] ?? 17;
  const hour = digest.readUInt16BE(2) % DEFAULT_PERIOD_HOURS;
  return `${minute} ${hour}-23/${DEFAULT_PERIOD_HOURS} * * *`;
}

/** Checks a `--cron` value: five fields (what GitHub, Gitea, Forgejo and GitLab accept) that croner can parse. */
export function validateCron(expr: string): string {
  const trimmed = expr.trim();
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) {
    throw new UserError(`--cron "${expr}" has ${fields.length} fields`, [
      'expected five fields: minute hour day-of-month month day-of-week, e.g. "17 */6 * * *"',
    ]);
  }
  let cron: Cron;
  try {
    cron = new Cron(trimmed, { paused: true });
  } catch (err) {
    throw new UserError(`--cron "${expr}" is not a valid cron expression: ${(err as Error).message}`, [
      'expected five fields: minute hour day-of-month month day-of-week, e.g. "17 */6 * * *"',
    ]);
  }
  // A date that does not exist (30 February) parses but never fires: a canary that never runs is silent, not green.
  if (cron.nextRun() === null) {
    throw new UserError(`--cron "${expr}" never fires (no such date)`, ['expected a schedule that runs, e.g. "17 */6 * * *"']);
  }
  return fields.join(' ');
}

/** `minute 17 of every 6th hour from 03:00 (UTC)`: the schedule in words for the header comment. */
export function describeCron(expr: string): string {
  const m = /^(\d+) (\d+)-23\/(\d+) \* \* \*$/.exec(expr);
  if (m) return `every ${m[3]} hours at minute ${m[1]}, starting ${m[2]?.padStart(2, '0')}:${m[1]?.padStart(2, '0')} UTC`;
  return `on the cron schedule "${expr}" (UTC)`;
}
