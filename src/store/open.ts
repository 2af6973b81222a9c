import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { UserError } from '../core/errors.js';
import { KyselyStore } from './kysely-store.js';
import type { StoreDatabase } from './tables.js';
import type { Store } from './types.js';

// Opens the store a `db` URL names. The drivers (native better-sqlite3, pg) are imported here, lazily,
// so only `serve` ever loads them: every other command, and the single-file bundle, runs without them.

/** Where a database lives, parsed from `sqlite:PATH` or `postgres://…[?schema=NAME]`. */
export type DbLocation = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema: string | null };

/** Parses a `db` URL; a relative SQLite path is relative to `dir` (the inventory's folder). */
export function parseDbUrl(url: string, dir: string): DbLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new UserError('the sqlite: database URL names no file (expected sqlite:PATH)');
    return { kind: 'sqlite', file: path === ':memory:' ? path : isAbsolute(path) ? path : resolve(dir, path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UserError('the database URL is not a valid postgres:// URL');
    }
    const schema = parsed.searchParams.get('schema');
    parsed.searchParams.delete('schema');
    if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new UserError(`schema=${schema} in the database URL: expected lowercase letters, digits and "_"`);
    }
    return { kind: 'postgres', url: parsed.toString(), schema };
  }
  throw new UserError('the database URL must start with sqlite: or postgres://');
}

/** A database location as it may be shown (no password). */
export function describeDb(location: DbLocation): string {
  if (location.kind === 'sqlite') return `sqlite:${location.file}`;
  const u = new URL(location.url);
  u.password = '';
  return `${u.toString()}${location.schema ? ` (schema ${location.schema})` : ''}`;
}

/** Opens (and migrates) the store; a database that cannot be reached is a UserError with a clear message. */
export async function openStore(location: DbLocation): Promise<Store> {
  const store = location.kind === 'sqlite' ? await openSqlite(location.file) : await openPostgres(location.url, location.schema);
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => {});
    throw new UserError(`cannot use the database ${describeDb(location)}: ${reason(err)}`);
  }
  return store;
}

function reason(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e.code === 'ECONNREFUSED') return 'connection refused (is the server running and listening there?)';
  if (e.code === 'ENOTFOUND') return 'host not found';
  return e.message ?? String(err);
}

async function openSqlite(file: string): Promise<Store> {
  const { default: Database } = await import('better-sqlite3');
  let db: InstanceType<typeof Database>;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    db = new Database(file);
    // WAL: readers never block the writer; NORMAL sync is durable across process crashes (not power loss mid-commit).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
  } catch (err) {
    throw new UserError(`cannot open the database sqlite:${file}: ${reason(err)}`);
  }
  return new KyselyStore(new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database: db }) }), 'sqlite');
}

async function openPostgres(url: string, schema: string | null): Promise<Store> {
  const pg = await import('pg');
  const { Pool, types } = pg.default;
  // Epoch milliseconds live in bigint columns; they fit a double exactly, so read them as numbers.
  const getTypeParser = ((oid: number, format?: string) =>
    oid === 20 ? (v: string) => Number(v) : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser;
  const pool = new Pool({
    connectionString: url,
    max: 8,
    connectionTimeoutMillis: 5000,
    types: { getTypeParser },
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client's error (the server restarted) must not crash the daemon; the next query reconnects.
  pool.on('error', () => {});
  // A connection dropped while a query runs fails that query; the client's own error event must not
  // also go unhandled (which would end the process).
  pool.on('connect', (client) => client.on('error', () => {}));
  let current: string;
  try {
    const client = await pool.connect();
    try {
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      current = (await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]?.s ?? 'public';
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw new UserError(`cannot reach the database ${describeDb({ kind: 'postgres', url, schema })}: ${reason(err)}`);
  }
  return new KyselyStore(new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) }), 'postgres', undefined, current);
}
