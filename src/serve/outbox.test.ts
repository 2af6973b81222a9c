import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../engine/logger.js';
import type { AlertMessage, Channel, DeliveryResult } from '../notify/types.js';
import { sqliteTestDb, type TestDb } from '../testing/stores.js';
import type { Store } from '../store/types.js';
import { createMetrics } from './metrics.js';
import { backoffMs, MAX_ATTEMPTS, OutboxWorker } from './outbox.js';

describe('outbox backoff', () => {
  it('doubles from the base up to 10 minutes, and honours a longer Retry-After', () => {
    expect([0, 1, 2, 3].map((n) => backoffMs(n, 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(30, 1000)).toBe(600_000);
    expect(backoffMs(0, 1000, 7000)).toBe(7000);
  });
});

describe('outbox worker (real SQLite)', () => {
  let db: TestDb;
  let store: Store;
  let now = 1_000_000;
  const answers: DeliveryResult[] = [];
  const seen: AlertMessage[] = [];
  const channel: Channel = { deliver: async (m) => (seen.push(m), answers.shift() ?? { ok: true }) };
  beforeEach(async () => {
    db = sqliteTestDb();
    store = await db.open();
    await store.ensureConsumers(['job'], now);
    await store.recordPings([{
      ping: { id: 'p1', consumer: 'job', kind: 'fail', exit_status: null, rid: null, at: now, method: 'GET', remote: null, user_agent: null, body: null, body_truncated: 0, duration_ms: null },
      decide: () => ({ state: 'down', heartbeat: '{}', lastPingAt: now, wakeAt: null, transitions: [], alerts: [{ id: 'd1', channel: 'hook', event: 'consumer.down', subject: 'job', payload: JSON.stringify({ event: 'consumer.down', delivery: 'd1' }) }] }),
    }]);
  });
  afterEach(async () => {
    await store.close();
    await db.dispose();
  });
  const worker = () => {
    const logger = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
    return new OutboxWorker({ store, channels: new Map([['hook', channel]]), owner: 'me', logger, metrics: createMetrics(store), now: () => now, baseDelayMs: 1000 });
  };

  it('retries a transient failure after its backoff with the same delivery id, then delivers once', async () => {
    answers.push({ ok: false, permanent: false, error: 'HTTP 503' });
    const w = worker();
    expect(await w.tick()).toBe(1);
    expect(await w.tick()).toBe(0);
    now += 1000;
    expect(await w.tick()).toBe(1);
    expect(seen.map((m) => m.delivery)).toEqual(['d1', 'd1']);
    now += 100_000;
    expect(await w.tick()).toBe(0);
    expect((await store.alerts(1))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('a permanent failure marks the channel broken and stops retrying', async () => {
    answers.push({ ok: false, permanent: true, error: 'HTTP 410' });
    const w = worker();
    await w.tick();
    now += 10 ** 7;
    expect(await w.tick()).toBe(0);
    expect((await store.channels())[0]).toMatchObject({ broken: 1, last_error: 'HTTP 410' });
    expect(MAX_ATTEMPTS).toBeGreaterThan(1);
  });
});
