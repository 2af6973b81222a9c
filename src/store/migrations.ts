import type { Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

// Versioned migrations, run on start by kysely's Migrator (which takes a lock, so instances starting
// together on one PostgreSQL migrate once). Append new versions; never edit a released one.

// Epoch milliseconds overflow a 32-bit integer; both databases store them as 64-bit.
const MS = 'bigint';

const v001: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('credential_state')
      .addColumn('credential', 'text', (c) => c.primaryKey())
      .addColumn('next_due_at', MS, (c) => c.notNull())
      .addColumn('next_regular_at', MS, (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', MS)
      .addColumn('alert', 'text', (c) => c.notNull())
      .addColumn('status', 'text')
      .addColumn('class', 'text')
      .addColumn('last8', 'text')
      .addColumn('last_run_at', MS)
      .addColumn('last_success_at', MS)
      .addColumn('updated_at', MS, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('credential', 'text', (c) => c.notNull())
      .addColumn('due_at', MS, (c) => c.notNull())
      .addColumn('started_at', MS, (c) => c.notNull())
      .addColumn('finished_at', MS, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('class', 'text')
      .addColumn('instance', 'text', (c) => c.notNull())
      .addColumn('report', 'text', (c) => c.notNull())
      // One run per credential and due time, whichever instance ran it.
      .addUniqueConstraint('runs_credential_due', ['credential', 'due_at'])
      .execute();
    await db.schema.createIndex('runs_finished').on('runs').columns(['finished_at']).execute();
    await db.schema
      .createTable('probe_results')
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('probe', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('class', 'text')
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('probe_results_pk', ['run_id', 'seq'])
      .execute();
    await db.schema
      .createTable('consumer_state')
      .addColumn('consumer', 'text', (c) => c.primaryKey())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('heartbeat', 'text', (c) => c.notNull())
      .addColumn('last_ping_at', MS)
      // When the clock can next move this consumer (late, down); null: only a ping can.
      .addColumn('wake_at', MS)
      .addColumn('updated_at', MS, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('consumer_state_wake').on('consumer_state').columns(['wake_at']).execute();
    await db.schema
      .createTable('transitions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('subject_kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('from_state', 'text', (c) => c.notNull())
      .addColumn('to_state', 'text', (c) => c.notNull())
      .addColumn('at', MS, (c) => c.notNull())
      .addColumn('muted', 'integer', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('transitions_at').on('transitions').columns(['at']).execute();
    await db.schema
      .createTable('pings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('consumer', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('exit_status', 'integer')
      .addColumn('rid', 'text')
      .addColumn('at', MS, (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('remote', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('body', 'text')
      .addColumn('body_truncated', 'integer', (c) => c.notNull())
      .addColumn('duration_ms', MS)
      .execute();
    await db.schema.createIndex('pings_consumer_at').on('pings').columns(['consumer', 'at']).execute();
    await db.schema
      .createTable('outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', MS, (c) => c.notNull())
      .addColumn('next_attempt_at', MS, (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('delivered_at', MS)
      .addColumn('last_error', 'text')
      .addColumn('claim_owner', 'text')
      .addColumn('claim_until', MS)
      .execute();
    await db.schema.createIndex('outbox_pending').on('outbox').columns(['status', 'next_attempt_at']).execute();
    await db.schema
      .createTable('channels')
      .addColumn('channel', 'text', (c) => c.primaryKey())
      .addColumn('broken', 'integer', (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('updated_at', MS, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('until', MS, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('rotation_journal')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('credential', 'text', (c) => c.notNull())
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('at', MS, (c) => c.notNull())
      .execute();
  },
};

/** Every migration, by version name (applied in name order). */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-initial': v001,
};

/** Gives kysely's Migrator the migrations compiled into the program (no migration files to ship). */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};
