// One store test suite, run against real SQLite and real PostgreSQL.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postgresAvailable, postgresTestDb, sqliteTestDb, type TestDb } from '../testing/stores.js';
import type { FinishedRun, Store } from './types.js';

const pgUp = await postgresAvailable();
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function finished(claim: Awaited<ReturnType<Store['claimDue']>>[number], owner: string, status: string, at: number): FinishedRun {
  const id = randomUUID();
  return {
    claim,
    owner,
    run: {
      id,
      credential: claim.credential,
      due_at: claim.dueAt,
      started_at: at - 50,
      finished_at: at,
      status,
      class: status === 'fail' ? 'revoked' : null,
      instance: owner,
      report: JSON.stringify({ name: claim.credential, last8: 'abcd1234', status, probes: [] }),
    },
    probes: [{ run_id: id, seq: 0, probe: 'identity', target: null, status, class: null, summary: 'ok', duration_ms: 12 }],
    nextDueAt: claim.dueAt + 5000,
    nextRegularAt: claim.dueAt + 5000,
    alert: '{"phase":"ok"}',
    lastSuccessAt: status === 'pass' ? at : null,
    transitions: status === 'fail' ? [{ subjectKind: 'credential', subject: claim.credential, from: 'ok', to: 'failing', muted: false, detail: 'revoked' }] : [],
    alerts: status === 'fail' ? [{ id: randomUUID(), channel: 'hook', event: 'credential.failed', subject: claim.credential, payload: '{}' }] : [],
  };
}

const targets: Array<[string, () => TestDb, boolean]> = [
  ['SQLite', sqliteTestDb, true],
  ['PostgreSQL', postgresTestDb, pgUp],
];

describe.each(targets)('store on %s', (_name, make, available) => {
  let db: TestDb;
  let store: Store;
  beforeEach(async (ctx) => {
    if (!available) ctx.skip();
    db = make();
    store = await db.open();
  });
  afterEach(async () => {
    if (!available) return;
    await store.close();
    await db.dispose();
  });

  it('migrates on open, again without effect, and answers readiness', async () => {
    await store.migrate();
    expect(await store.healthy()).toBe(true);
    expect(await store.credentialStates()).toEqual([]);
  });

  it('leases a due check to one instance until the lease expires', async () => {
    await store.ensureCredentials([{ credential: 'A', firstDueAt: T0 }, { credential: 'B', firstDueAt: T0 + 60_000 }], T0);
    await store.ensureCredentials([{ credential: 'A', firstDueAt: T0 + 999 }], T0);
    const first = await store.claimDue('one', T0, 30_000, 10);
    expect(first.map((c) => [c.credential, c.dueAt])).toEqual([['A', T0]]);
    expect(await store.claimDue('two', T0 + 1000, 30_000, 10)).toEqual([]);
    const stolen = await store.claimDue('two', T0 + 31_000, 30_000, 10);
    expect(stolen.map((c) => c.credential)).toEqual(['A']);
    // The first owner finishing late must not write a second run for the same due time.
    expect(await store.finishRun(finished(first[0]!, 'one', 'pass', T0 + 32_000))).toBe(false);
    expect(await store.finishRun(finished(stolen[0]!, 'two', 'pass', T0 + 33_000))).toBe(true);
    expect(await store.finishRun(finished(first[0]!, 'one', 'pass', T0 + 34_000))).toBe(false);
    const runs = await store.runs('A', 10);
    expect(runs.map((r) => [r.due_at, r.instance])).toEqual([[T0, 'two']]);
  });

  it('records a run with its probes, state, transition and alert in one step', async () => {
    await store.ensureCredentials([{ credential: 'A', firstDueAt: T0 }], T0);
    const [claim] = await store.claimDue('one', T0, 30_000, 10);
    expect(await store.finishRun(finished(claim!, 'one', 'fail', T0 + 100))).toBe(true);
    const [state] = await store.credentialStates();
    expect(state).toMatchObject({ credential: 'A', status: 'fail', class: 'revoked', last8: 'abcd1234', next_due_at: T0 + 5000, lease_owner: null, last_run_at: T0 + 100 });
    const [run] = await store.runs('A', 1);
    expect((await store.probeResults(run!.id)).map((p) => [p.probe, p.status])).toEqual([['identity', 'fail']]);
    expect((await store.transitions(10)).map((t) => [t.subject, t.from_state, t.to_state])).toEqual([['A', 'ok', 'failing']]);
    expect((await store.alerts(10)).map((a) => [a.event, a.status])).toEqual([['credential.failed', 'pending']]);
    expect(await store.requestCheck('A', T0 + 200)).toBe(true);
    expect(await store.requestCheck('nope', T0 + 200)).toBe(false);
    const [held] = await store.claimDue('one', T0 + 200, 1000, 10);
    await store.releaseClaim(held!.credential, 'one', T0 + 9000);
    expect(await store.claimDue('one', T0 + 8999, 1000, 10)).toEqual([]);
    await store.requestCheck('A', T0 + 200);
    expect((await store.claimDue('one', T0 + 200, 1000, 10)).map((c) => c.dueAt)).toEqual([T0 + 200]);
  });

  it('stores pings and applies each decision with the failing credentials it sees', async () => {
    await store.ensureConsumers(['job', 'other'], T0);
    await store.ensureCredentials([{ credential: 'A', firstDueAt: T0 }], T0);
    const [claim] = await store.claimDue('one', T0, 30_000, 1);
    await store.finishRun(finished(claim!, 'one', 'fail', T0));
    const seen: string[][] = [];
    const ping = (consumer: string, at: number) => ({
      ping: { id: randomUUID(), consumer, kind: 'success', exit_status: null, rid: null, at, method: 'GET', remote: '127.0.0.1', user_agent: 'curl', body: 'x'.repeat(10), body_truncated: 0, duration_ms: null },
      decide: (row: { state: string }, failing: ReadonlySet<string>) => {
        seen.push([row.state, ...failing]);
        return { state: 'up', heartbeat: '{"phase":"up"}', lastPingAt: at, wakeAt: at + 1000, transitions: [], alerts: [] };
      },
    });
    await store.recordPings([ping('job', T0 + 1), ping('job', T0 + 2), ping('other', T0 + 3)]);
    expect(seen).toEqual([['new', 'A'], ['up', 'A'], ['new', 'A']]);
    expect((await store.pings('job', 10)).map((p) => p.at)).toEqual([T0 + 2, T0 + 1]);
    expect((await store.consumerStates()).map((c) => [c.consumer, c.state, c.last_ping_at])).toEqual([['job', 'up', T0 + 2], ['other', 'up', T0 + 3]]);
    const woken: string[] = [];
    const note = (row: { consumer: string }) => (woken.push(row.consumer), null);
    await store.evaluateConsumers(['job', 'other'], note, T0 + 500, true);
    await store.evaluateConsumers(['job', 'other'], note, T0 + 1002, true);
    expect(woken).toEqual(['job']);
    await store.evaluateConsumers(['job'], (row) => ({
      state: 'late',
      heartbeat: row.heartbeat,
      lastPingAt: row.last_ping_at,
      wakeAt: null,
      transitions: [{ subjectKind: 'consumer', subject: row.consumer, from: row.state, to: 'late', muted: true, detail: 'muted by A' }],
      alerts: [],
    }), T0 + 10_000);
    expect((await store.consumerStates()).map((c) => c.state)).toEqual(['late', 'up']);
    expect((await store.transitions(1))[0]).toMatchObject({ subject: 'job', to_state: 'late', muted: 1, at: T0 + 10_000 });
  });

  it('hands each pending delivery to one instance, retries it, and marks a channel broken', async () => {
    await store.ensureCredentials([{ credential: 'A', firstDueAt: T0 }], T0);
    const [claim] = await store.claimDue('one', T0, 30_000, 1);
    await store.finishRun(finished(claim!, 'one', 'fail', T0));
    const [first] = await store.claimDeliveries('one', T0, 10_000, 10);
    expect(first?.event).toBe('credential.failed');
    expect(await store.claimDeliveries('two', T0 + 1, 10_000, 10)).toEqual([]);
    await store.deliveryFailed(first!.id, 'hook', 'HTTP 503', T0 + 2000, false, T0 + 5);
    expect(await store.claimDeliveries('two', T0 + 1000, 10_000, 10)).toEqual([]);
    const [again] = await store.claimDeliveries('two', T0 + 2000, 10_000, 10);
    expect(again).toMatchObject({ id: first!.id, attempts: 1, last_error: 'HTTP 503' });
    await store.deliveryFailed(again!.id, 'hook', 'HTTP 404', null, true, T0 + 2100);
    expect(await store.claimDeliveries('two', T0 + 99_000, 10_000, 10)).toEqual([]);
    expect((await store.alerts(1))[0]).toMatchObject({ status: 'failed', attempts: 2 });
    expect((await store.channels())[0]).toMatchObject({ channel: 'hook', broken: 1, failures: 2, last_error: 'HTTP 404' });
    await store.deliverySucceeded(again!.id, 'hook', T0 + 3000);
    expect((await store.channels())[0]).toMatchObject({ broken: 0, failures: 0 });
  });

  it('keeps a named lease with one owner until it expires', async () => {
    expect(await store.acquireLease('heartbeats', 'one', T0, 10_000)).toBe(true);
    expect(await store.acquireLease('heartbeats', 'two', T0 + 5000, 10_000)).toBe(false);
    expect(await store.acquireLease('heartbeats', 'one', T0 + 6000, 10_000)).toBe(true);
    expect(await store.acquireLease('heartbeats', 'two', T0 + 15_000, 10_000)).toBe(false);
    expect(await store.acquireLease('heartbeats', 'two', T0 + 16_001, 10_000)).toBe(true);
  });

  it('prunes history older than the retention but keeps pending alerts and states', async () => {
    await store.ensureCredentials([{ credential: 'A', firstDueAt: T0 }], T0);
    await store.ensureConsumers(['job'], T0);
    const [claim] = await store.claimDue('one', T0, 30_000, 1);
    await store.finishRun(finished(claim!, 'one', 'fail', T0));
    const [claim2] = await store.claimDue('one', T0 + 5000, 30_000, 1);
    await store.finishRun(finished(claim2!, 'one', 'pass', T0 + 5000));
    await store.appendJournal({ id: randomUUID(), credential: 'A', step: 'mint', state: '{}', at: T0 });
    const counts = await store.prune(T0 + 1000);
    expect(counts).toEqual({ runs: 1, pings: 0, transitions: 1, outbox: 0 });
    expect((await store.runs('A', 10)).map((r) => r.due_at)).toEqual([T0 + 5000]);
    expect(await store.alerts(10)).toHaveLength(1);
    expect(await store.credentialStates()).toHaveLength(1);
  });

  it('lets two instances claim concurrently without handing one due check to both', async (ctx) => {
    // SQLite serves a single instance (serve refuses a second one on the same file).
    if (db.kind === 'sqlite') ctx.skip();
    const other = await db.open();
    try {
      const names = Array.from({ length: 40 }, (_, i) => `C${String(i).padStart(2, '0')}`);
      await store.ensureCredentials(names.map((credential) => ({ credential, firstDueAt: T0 })), T0);
      const rounds = await Promise.all([
        ...Array.from({ length: 6 }, () => store.claimDue('one', T0, 60_000, 5)),
        ...Array.from({ length: 6 }, () => other.claimDue('two', T0, 60_000, 5)),
      ]);
      const claimed = rounds.flat().map((c) => c.credential);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed.length).toBe(40);
    } finally {
      await other.close();
    }
  });
});
