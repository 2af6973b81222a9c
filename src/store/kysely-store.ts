import { sql, type Kysely, type Transaction } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrationProvider } from './migrations.js';
import type { StoreDatabase } from './tables.js';
import type {
  AlertInput,
  ChannelRow,
  Claim,
  ConsumerDecision,
  ConsumerStateRow,
  CredentialStateRow,
  FinishedRun,
  OutboxRow,
  PingInput,
  PingRow,
  ProbeResultRow,
  PruneCounts,
  RunRow,
  Store,
  TransitionInput,
  TransitionRow,
} from './types.js';
import { randomUUID } from 'node:crypto';

// The Store on kysely: the same queries for SQLite and PostgreSQL. Where the two differ (row locks),
// PostgreSQL takes `FOR UPDATE [SKIP LOCKED]`; SQLite needs none, since one writer holds the file at a time.

type Tx = Transaction<StoreDatabase>;

/** The alert state a new credential starts with (core/alerts initialAlertState, as stored). */
export const NEW_ALERT_STATE = JSON.stringify({ phase: 'ok', fails: 0, passes: 0, inconclusives: 0, lastAlertAt: null, class: null });

/** A Store over a kysely instance; `kind` decides the locking clauses. */
export class KyselyStore implements Store {
  constructor(
    readonly db: Kysely<StoreDatabase>,
    readonly kind: 'sqlite' | 'postgres',
    private readonly onClose: () => Promise<void> = async () => {},
    /** PostgreSQL: the schema the tables live in. Kysely's Migrator looks for its own tables in every
     * schema unless told which one, and would take another schema's for ours. */
    private readonly schema: string | null = null,
  ) {}

  async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider, ...(this.schema ? { migrationTableSchema: this.schema } : {}) });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
      throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async healthy(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }

  private get pg(): boolean {
    return this.kind === 'postgres';
  }

  async ensureCredentials(entries: ReadonlyArray<{ credential: string; firstDueAt: number }>, now: number): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map((e) => ({
      credential: e.credential,
      next_due_at: e.firstDueAt,
      next_regular_at: e.firstDueAt,
      lease_owner: null,
      lease_until: null,
      alert: NEW_ALERT_STATE,
      status: null,
      class: null,
      last8: null,
      last_run_at: null,
      last_success_at: null,
      updated_at: now,
    }));
    for (const chunk of chunks(rows, 200)) {
      await this.db.insertInto('credential_state').values(chunk).onConflict((oc) => oc.column('credential').doNothing()).execute();
    }
  }

  async claimDue(owner: string, now: number, leaseMs: number, limit: number, only?: readonly string[]): Promise<Claim[]> {
    if (only && only.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom('credential_state')
        .select(['credential', 'next_due_at', 'next_regular_at', 'alert'])
        .where('next_due_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .$if(only !== undefined, (qb) => qb.where('credential', 'in', only as string[]))
        .orderBy('next_due_at')
        .limit(limit)
        .$if(this.pg, (qb) => qb.forUpdate().skipLocked())
        .execute();
      if (due.length === 0) return [];
      const leaseUntil = now + leaseMs;
      await trx
        .updateTable('credential_state')
        .set({ lease_owner: owner, lease_until: leaseUntil })
        .where('credential', 'in', due.map((d) => d.credential))
        .execute();
      return due.map((d) => ({ credential: d.credential, dueAt: d.next_due_at, regularAt: d.next_regular_at, leaseUntil, alert: d.alert }));
    });
  }

  async finishRun(input: FinishedRun): Promise<boolean> {
    const { claim, run } = input;
    return this.db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('credential_state')
        .select(['lease_owner', 'next_due_at'])
        .where('credential', '=', claim.credential)
        .$if(this.pg, (qb) => qb.forUpdate())
        .executeTakeFirst();
      if (!current) return false;
      const already = await trx
        .selectFrom('runs')
        .select('id')
        .where('credential', '=', claim.credential)
        .where('due_at', '=', claim.dueAt)
        .executeTakeFirst();
      // Another instance took the expired lease and ran this due time: its run stands, this one is dropped.
      if (already || (current.lease_owner !== null && current.lease_owner !== input.owner)) return false;
      await trx.insertInto('runs').values(run).execute();
      for (const chunk of chunks(input.probes, 100)) await trx.insertInto('probe_results').values(chunk).execute();
      await trx
        .updateTable('credential_state')
        .set({
          next_due_at: input.nextDueAt,
          next_regular_at: input.nextRegularAt,
          lease_owner: null,
          lease_until: null,
          alert: input.alert,
          status: run.status,
          class: run.class,
          last8: lastEightOf(run.report),
          last_run_at: run.finished_at,
          ...(input.lastSuccessAt !== null ? { last_success_at: input.lastSuccessAt } : {}),
          updated_at: run.finished_at,
        })
        .where('credential', '=', claim.credential)
        .execute();
      await writeChanges(trx, input.transitions, input.alerts, run.finished_at);
      return true;
    });
  }

  async releaseClaim(credential: string, owner: string, dueAt?: number): Promise<void> {
    await this.db
      .updateTable('credential_state')
      .set({ lease_owner: null, lease_until: null, ...(dueAt !== undefined ? { next_due_at: dueAt } : {}) })
      .where('credential', '=', credential)
      .where('lease_owner', '=', owner)
      .execute();
  }

  async requestCheck(credential: string, now: number): Promise<boolean> {
    const result = await this.db.updateTable('credential_state').set({ next_due_at: now }).where('credential', '=', credential).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  credentialStates(): Promise<CredentialStateRow[]> {
    return this.db.selectFrom('credential_state').selectAll().orderBy('credential').execute();
  }

  runs(credential: string | null, limit: number): Promise<RunRow[]> {
    return this.db
      .selectFrom('runs')
      .selectAll()
      .$if(credential !== null, (qb) => qb.where('credential', '=', credential as string))
      .orderBy('due_at', 'desc')
      .orderBy('credential')
      .limit(limit)
      .execute();
  }

  probeResults(runId: string): Promise<ProbeResultRow[]> {
    return this.db.selectFrom('probe_results').selectAll().where('run_id', '=', runId).orderBy('seq').execute();
  }

  async ensureConsumers(consumers: readonly string[], now: number): Promise<void> {
    const rows = consumers.map((consumer) => ({ consumer, state: 'new', heartbeat: '{}', last_ping_at: null, wake_at: null, updated_at: now }));
    for (const chunk of chunks(rows, 200)) {
      await this.db.insertInto('consumer_state').values(chunk).onConflict((oc) => oc.column('consumer').doNothing()).execute();
    }
  }

  async recordPings(pings: readonly PingInput[]): Promise<void> {
    if (pings.length === 0) return;
    // Grouped by consumer, each consumer's row read and written once per batch however many pings it got;
    // rows are locked in name order, so two instances' batches cannot deadlock.
    const byConsumer = new Map<string, PingInput[]>();
    for (const p of pings) byConsumer.set(p.ping.consumer, [...(byConsumer.get(p.ping.consumer) ?? []), p]);
    const names = [...byConsumer.keys()].sort();
    await this.db.transaction().execute(async (trx) => {
      const failing = await this.failingCredentials(trx);
      for (const name of names) {
        let row = await this.lockConsumer(trx, name);
        if (!row) continue;
        let changed = false;
        for (const { ping, decide } of byConsumer.get(name) as PingInput[]) {
          const change = decide(row, failing);
          if (!change) continue;
          changed = true;
          row = { ...row, state: change.state, heartbeat: change.heartbeat, last_ping_at: change.lastPingAt, wake_at: change.wakeAt, updated_at: ping.at };
          await writeChanges(trx, change.transitions, change.alerts, ping.at);
        }
        if (changed) {
          await trx
            .updateTable('consumer_state')
            .set({ state: row.state, heartbeat: row.heartbeat, last_ping_at: row.last_ping_at, wake_at: row.wake_at, updated_at: row.updated_at })
            .where('consumer', '=', name)
            .execute();
        }
      }
      // After the decisions, which may fill in a run's duration.
      for (const chunk of chunks(pings.map((p) => p.ping), 100)) await trx.insertInto('pings').values(chunk).execute();
    });
  }

  async evaluateConsumers(consumers: readonly string[], decide: ConsumerDecision, now: number, dueOnly = false): Promise<void> {
    if (consumers.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('consumer_state')
        .selectAll()
        // The clock's query names no consumers (a list of thousands would be built and sent every tick); rows of
        // consumers no longer configured are skipped below.
        .$if(!dueOnly, (qb) => qb.where('consumer', 'in', [...consumers]))
        .$if(dueOnly, (qb) => qb.where('wake_at', '<=', now))
        .orderBy('consumer')
        .$if(this.pg, (qb) => qb.forUpdate())
        .execute();
      if (rows.length === 0) return;
      const wanted = new Set(consumers);
      const failing = await this.failingCredentials(trx);
      for (const row of rows) if (wanted.has(row.consumer)) await this.applyChange(trx, row, decide(row, failing), now);
    });
  }

  private lockConsumer(trx: Tx, consumer: string): Promise<ConsumerStateRow | undefined> {
    return trx.selectFrom('consumer_state').selectAll().where('consumer', '=', consumer).$if(this.pg, (qb) => qb.forUpdate()).executeTakeFirst();
  }

  private async failingCredentials(trx: Tx): Promise<Set<string>> {
    const rows = await trx.selectFrom('credential_state').select('credential').where('status', '=', 'fail').execute();
    return new Set(rows.map((r) => r.credential));
  }

  private async applyChange(trx: Tx, row: ConsumerStateRow, change: ReturnType<ConsumerDecision>, at: number): Promise<void> {
    if (!change) return;
    await trx
      .updateTable('consumer_state')
      .set({ state: change.state, heartbeat: change.heartbeat, last_ping_at: change.lastPingAt, wake_at: change.wakeAt, updated_at: at })
      .where('consumer', '=', row.consumer)
      .execute();
    await writeChanges(trx, change.transitions, change.alerts, at);
  }

  consumerStates(): Promise<ConsumerStateRow[]> {
    return this.db.selectFrom('consumer_state').selectAll().orderBy('consumer').execute();
  }

  pings(consumer: string, limit: number): Promise<PingRow[]> {
    return this.db.selectFrom('pings').selectAll().where('consumer', '=', consumer).orderBy('at', 'desc').limit(limit).execute();
  }

  transitions(limit: number): Promise<TransitionRow[]> {
    return this.db.selectFrom('transitions').selectAll().orderBy('at', 'desc').limit(limit).execute();
  }

  async claimDeliveries(owner: string, now: number, leaseMs: number, limit: number): Promise<OutboxRow[]> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('outbox')
        .selectAll()
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('claim_until', 'is', null), eb('claim_until', '<', now)]))
        .orderBy('created_at')
        .limit(limit)
        .$if(this.pg, (qb) => qb.forUpdate().skipLocked())
        .execute();
      if (rows.length === 0) return [];
      const until = now + leaseMs;
      await trx.updateTable('outbox').set({ claim_owner: owner, claim_until: until }).where('id', 'in', rows.map((r) => r.id)).execute();
      return rows.map((r) => ({ ...r, claim_owner: owner, claim_until: until }));
    });
  }

  async deliverySucceeded(id: string, channel: string, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('outbox')
        .set((eb) => ({ status: 'delivered', delivered_at: now, claim_owner: null, claim_until: null, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .execute();
      await upsertChannel(trx, { channel, broken: 0, failures: 0, last_error: null, updated_at: now });
    });
  }

  async deliveryFailed(id: string, channel: string, error: string, nextAttemptAt: number | null, broken: boolean, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('outbox')
        .set((eb) => ({
          status: nextAttemptAt === null ? 'failed' : 'pending',
          next_attempt_at: nextAttemptAt ?? now,
          last_error: error,
          claim_owner: null,
          claim_until: null,
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', '=', id)
        .execute();
      const prior = await trx.selectFrom('channels').select(['failures', 'broken']).where('channel', '=', channel).executeTakeFirst();
      await upsertChannel(trx, {
        channel,
        broken: broken || prior?.broken === 1 ? 1 : 0,
        failures: (prior?.failures ?? 0) + 1,
        last_error: error,
        updated_at: now,
      });
    });
  }

  alerts(limit: number): Promise<OutboxRow[]> {
    return this.db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(limit).execute();
  }

  channels(): Promise<ChannelRow[]> {
    return this.db.selectFrom('channels').selectAll().orderBy('channel').execute();
  }

  async acquireLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean> {
    await this.db
      .insertInto('leases')
      .values({ name, owner, until: now + ttlMs })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ owner, until: now + ttlMs })
          .where((eb) => eb.or([eb('leases.owner', '=', owner), eb('leases.until', '<', now)])),
      )
      .execute();
    const row = await this.db.selectFrom('leases').select('owner').where('name', '=', name).executeTakeFirst();
    return row?.owner === owner;
  }

  async prune(before: number): Promise<PruneCounts> {
    return this.db.transaction().execute(async (trx) => {
      const oldRuns = trx.selectFrom('runs').select('id').where('finished_at', '<', before);
      await trx.deleteFrom('probe_results').where('run_id', 'in', oldRuns).execute();
      const runs = await trx.deleteFrom('runs').where('finished_at', '<', before).executeTakeFirst();
      const pings = await trx.deleteFrom('pings').where('at', '<', before).executeTakeFirst();
      const transitions = await trx.deleteFrom('transitions').where('at', '<', before).executeTakeFirst();
      const outbox = await trx.deleteFrom('outbox').where('status', '!=', 'pending').where('created_at', '<', before).executeTakeFirst();
      return {
        runs: Number(runs.numDeletedRows),
        pings: Number(pings.numDeletedRows),
        transitions: Number(transitions.numDeletedRows),
        outbox: Number(outbox.numDeletedRows),
      };
    });
  }

  async appendJournal(entry: { id: string; credential: string; step: string; state: string; at: number }): Promise<void> {
    await this.db.insertInto('rotation_journal').values(entry).execute();
  }
}

async function writeChanges(trx: Tx, transitions: readonly TransitionInput[], alerts: readonly AlertInput[], at: number): Promise<void> {
  if (transitions.length > 0) {
    await trx
      .insertInto('transitions')
      .values(
        transitions.map((t) => ({
          id: randomUUID(),
          subject_kind: t.subjectKind,
          subject: t.subject,
          from_state: t.from,
          to_state: t.to,
          at,
          muted: t.muted ? 1 : 0,
          detail: t.detail,
        })),
      )
      .execute();
  }
  if (alerts.length > 0) {
    await trx
      .insertInto('outbox')
      .values(
        alerts.map((a) => ({
          ...a,
          created_at: at,
          next_attempt_at: at,
          attempts: 0,
          status: 'pending',
          delivered_at: null,
          last_error: null,
          claim_owner: null,
          claim_until: null,
        })),
      )
      .execute();
  }
}

async function upsertChannel(trx: Tx, row: ChannelRow): Promise<void> {
  await trx
    .insertInto('channels')
    .values(row)
    .onConflict((oc) => oc.column('channel').doUpdateSet({ broken: row.broken, failures: row.failures, last_error: row.last_error, updated_at: row.updated_at }))
    .execute();
}

function lastEightOf(report: string): string | null {
  const parsed = JSON.parse(report) as { last8?: unknown };
  return typeof parsed.last8 === 'string' ? parsed.last8 : null;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
