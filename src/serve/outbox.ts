import type { Logger } from 'pino';
import type { AlertMessage, Channel } from '../notify/types.js';
import type { Store } from '../store/types.js';
import type { ServeMetrics } from './metrics.js';

// Delivers the alert outbox: at least once per alert and channel, with the same delivery id on every
// attempt, exponential backoff on transient failures, and a broken channel on a permanent one.

/** Attempts before an alert is given up. */
export const MAX_ATTEMPTS = 12;
const MAX_DELAY_MS = 10 * 60_000;

/** The delay before attempt `attempts + 1`. */
export function backoffMs(attempts: number, baseMs: number, retryAfterMs?: number): number {
  const delay = Math.min(baseMs * 2 ** attempts, MAX_DELAY_MS);
  return Math.max(delay, retryAfterMs ?? 0);
}

/** The outbox worker of one instance. */
export class OutboxWorker {
  constructor(
    private readonly deps: {
      store: Store;
      channels: ReadonlyMap<string, Channel>;
      owner: string;
      logger: Logger;
      metrics: ServeMetrics;
      now: () => number;
      baseDelayMs: number;
    },
  ) {}

  /** Delivers what is due now; returns how many were attempted. */
  async tick(): Promise<number> {
    const { store, now, owner } = this.deps;
    const rows = await store.claimDeliveries(owner, now(), 60_000, 20);
    await Promise.all(
      rows.map(async (row) => {
        const channel = this.deps.channels.get(row.channel);
        if (!channel) {
          await store.deliveryFailed(row.id, row.channel, 'the channel is no longer configured', null, true, now());
          return;
        }
        const result = await channel.deliver(JSON.parse(row.payload) as AlertMessage);
        if (result.ok) {
          await store.deliverySucceeded(row.id, row.channel, now());
          this.deps.logger.info({ channel: row.channel, event: row.event, subject: row.subject, delivery: row.id }, 'alert delivered');
          return;
        }
        this.deps.metrics.notifierFailures.inc({ channel: row.channel });
        const attempts = row.attempts + 1;
        const giveUp = result.permanent || attempts >= MAX_ATTEMPTS;
        const next = giveUp ? null : now() + backoffMs(row.attempts, this.deps.baseDelayMs, result.retryAfterMs);
        await store.deliveryFailed(row.id, row.channel, result.error, next, result.permanent, now());
        const fields = { channel: row.channel, event: row.event, delivery: row.id, attempts, error: result.error };
        if (result.permanent) this.deps.logger.error(fields, 'alert channel broken: permanent delivery failure');
        else if (giveUp) this.deps.logger.error(fields, 'alert given up after retries');
        else this.deps.logger.warn({ ...fields, retryAt: new Date(next as number).toISOString() }, 'alert delivery failed; will retry');
      }),
    );
    return rows.length;
  }
}
