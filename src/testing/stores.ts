// Test helper: the two real databases every store test runs against, each in a throwaway place.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/open.js';
import type { Store } from '../store/types.js';

/** The PostgreSQL server of the test environment (.ci/run starts it): trust auth, database `test`. */
export const TEST_PG_URL = process.env['CREDCANARY_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh database of one kind; `url` opens it again (another instance), `dispose` removes it. */
export interface TestDb {
  kind: 'sqlite' | 'postgres';
  url: string;
  /** SQLite: the database file. */
  file: string | null;
  /** PostgreSQL: the schema holding this run's tables. */
  schema: string | null;
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

/** True when the test PostgreSQL answers. Without it PostgreSQL tests skip visibly, unless CI requires it. */
export async function postgresAvailable(): Promise<boolean> {
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (err) {
    if (process.env['CREDCANARY_REQUIRE_PG'] === '1') throw new Error(`PostgreSQL is required (CREDCANARY_REQUIRE_PG=1) but unreachable at ${TEST_PG_URL}: ${(err as Error).message}`);
    return false;
  }
}

/** A new SQLite file in a temp folder. */
export function sqliteTestDb(): TestDb {
  const dir = mkdtempSync(join(tmpdir(), 'credcanary-store-'));
  const file = join(dir, 'credcanary.db');
  const url = `sqlite:${file}`;
  return {
    kind: 'sqlite',
    url,
    file,
    schema: null,
    open: () => openStore({ kind: 'sqlite', file }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A new schema (unique per call, so concurrent runs never collide) in the test PostgreSQL database. */
export function postgresTestDb(): TestDb {
  const schema = `cc_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  return {
    kind: 'postgres',
    url: `${TEST_PG_URL}?schema=${schema}`,
    file: null,
    schema,
    open: () => openStore({ kind: 'postgres', url: TEST_PG_URL, schema }),
    dispose: async () => {
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Every stored byte of a test database as text (SQLite: the file and its WAL; PostgreSQL: every row of its schema), for leak checks. */
export async function storedText(db: TestDb): Promise<string> {
  if (db.kind === 'sqlite') return [db.file!, `${db.file!}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('\n');
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [db.schema]);
    let text = '';
    // One query at a time: a pg client runs queries in sequence.
    for (const t of tables.rows) text += JSON.stringify((await client.query(`SELECT * FROM ${db.schema}.${t.table_name}`)).rows);
    return text;
  } finally {
    await client.end();
  }
}
