import { Cron } from 'croner';
import * as z from 'zod/mini';
import { durationSchema, secretSourceSchema } from './base-schema.js';

// The `serve:` block and check schedules (issue 11). Strict like the rest of the inventory: a misspelt
// key is an error, not a silently ignored setting.

const duration = durationSchema;
const positiveDuration = z.string().check(
  z.regex(/^\d+(ms|s|m|h|d)$/, 'a duration such as "90s", "15m", "1h" or "2d"'),
  z.refine((d) => !/^0+(ms|s|m|h|d)$/.test(d), 'a duration greater than zero'),
  z.describe('a duration greater than zero such as "90s", "15m", "1h" or "2d"'),
);

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function validCron(expr: string): boolean {
  if (expr.trim().split(/\s+/).length !== 5) return false;
  try {
    new Cron(expr, { paused: true });
    return true;
  } catch {
    return false;
  }
}

const CRON_RULE = 'a five-field cron expression such as "*/5 * * * *"';
/** A five-field cron expression croner accepts. */
export const cronSchema = z.string().check(z.refine(validCron, `expected ${CRON_RULE}`), z.describe(CRON_RULE));
const ZONE_RULE = 'an IANA time zone such as "UTC" or "Europe/Berlin"';
/** An IANA time zone name. */
export const timeZoneSchema = z.string().check(z.refine(validZone, `expected ${ZONE_RULE}`), z.describe(ZONE_RULE));

/** When a credential is checked: every DURATION, or on a cron schedule in a time zone. */
export const checkScheduleSchema = z
  .union([z.strictObject({ every: positiveDuration }), z.strictObject({ cron: cronSchema, tz: z.optional(timeZoneSchema) })])
  .check(z.describe('a schedule: { every: DURATION } or { cron: "*/5 * * * *", tz: ZONE } (tz optional, default UTC)'));

/** A check schedule as written in the inventory. */
export type CheckSchedule = z.infer<typeof checkScheduleSchema>;

const secretSource = secretSourceSchema;

const LISTEN_RULE = 'HOST:PORT such as "127.0.0.1:8414" or "[::1]:8414"';
/** True for HOST:PORT with a port from 0 to 65535. */
export function validListen(listen: string): boolean {
  return /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(listen) && Number(listen.slice(listen.lastIndexOf(':') + 1)) <= 65535;
}
const listenSchema = z.string().check(z.refine(validListen, `expected ${LISTEN_RULE}`), z.describe(LISTEN_RULE));

const DB_RULE = 'sqlite:PATH or postgres://USER@HOST:PORT/DATABASE';
const dbSchema = z.string().check(z.regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, DB_RULE), z.describe(DB_RULE));

/** Alert thresholds of the daemon. */
export const alertsSchema = z.strictObject({
  failAfter: z._default(z.int().check(z.minimum(1), z.maximum(100)), 2),
  confirmAfter: z._default(duration, '10s'),
  recoverAfter: z._default(z.int().check(z.minimum(1), z.maximum(100)), 1),
  remindEvery: z._default(positiveDuration, '24h'),
});

/** Alert thresholds with defaults applied. */
export type AlertSettings = z.infer<typeof alertsSchema>;

const ALERT_DEFAULTS = { failAfter: 2, confirmAfter: '10s', recoverAfter: 1, remindEvery: '24h' };

/** The `serve:` block. */
export const serveSchema = z.strictObject({
  listen: z._default(listenSchema, '127.0.0.1:8414'),
  /** Absent: $DATABASE_URL, else sqlite:.credcanary/credcanary.db next to the inventory. */
  db: z.optional(dbSchema),
  apiToken: z.optional(secretSource),
  publicUrl: z.optional(z.url({ protocol: /^https?$/, error: 'an http(s) URL such as https://canary.example.com' })),
  pingKey: z.optional(secretSource),
  retention: z._default(positiveDuration, '90d'),
  schedule: z._default(checkScheduleSchema, { every: '15m' }),
  alerts: z._default(alertsSchema, ALERT_DEFAULTS),
});

/** The `serve:` block with defaults applied. */
export type ServeSettings = z.infer<typeof serveSchema>;

/** The serve block used when the inventory has none. */
export const SERVE_DEFAULTS: ServeSettings = {
  listen: '127.0.0.1:8414',
  retention: '90d',
  schedule: { every: '15m' },
  alerts: { ...ALERT_DEFAULTS },
};

/** True when `listen` binds only the loopback interface. */
export function isLoopbackListen(listen: string): boolean {
  const host = listen.slice(0, listen.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
