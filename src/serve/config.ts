import { UserError } from '../core/errors.js';
import { durationMs } from '../core/duration.js';
import type { AlertPolicy } from '../core/alerts.js';
import { expectationOf, type Expectation } from '../core/heartbeat.js';
import { cadenceOf, type Cadence } from '../core/schedule.js';
import type { LoadedInventory, SecretSource } from '../inventory/schema.js';
import { readSecret } from '../inventory/sources.js';
import { parseDbUrl, type DbLocation } from '../store/open.js';

// What `serve` runs with, resolved once at start from the inventory and the environment. Every problem
// a person can fix is a UserError (exit 2) before anything starts.

/** The daemon's resolved configuration. */
export interface ServeConfig {
  loaded: LoadedInventory;
  env: NodeJS.ProcessEnv;
  db: DbLocation;
  host: string;
  port: number;
  apiToken: string | null;
  pingKey: string | null;
  publicUrl: string;
  retentionMs: number;
  policy: AlertPolicy;
  cadences: Map<string, Cadence>;
  expectations: Map<string, Expectation>;
  /** Consumers of each credential, in inventory order. */
  consumersOf: Map<string, string[]>;
  /** Credentials of each consumer. */
  credentialsOf: Map<string, string[]>;
  timeoutMs: number;
}

/** Options that override the inventory (command line). */
export interface ServeOverrides {
  db?: string;
  listen?: string;
}

/** Reads a secret the daemon needs; a source that yields nothing is a configuration error. */
export async function requireSecret(source: SecretSource, what: string, loaded: LoadedInventory, env: NodeJS.ProcessEnv): Promise<string> {
  const read = await readSecret(source, { dir: loaded.dir, env, timeoutMs: loaded.inventory.settings.timeoutSeconds * 1000 });
  if (!read.ok) throw new UserError(`${what}: ${read.message}`);
  return read.value;
}

/** Resolves the serve configuration. */
export async function resolveServeConfig(loaded: LoadedInventory, env: NodeJS.ProcessEnv, overrides: ServeOverrides = {}): Promise<ServeConfig> {
  const inv = loaded.inventory;
  const serve = inv.serve;
  const dbUrl = overrides.db ?? serve.db ?? (env['DATABASE_URL'] || undefined) ?? 'sqlite:.credcanary/credcanary.db';
  const listen = overrides.listen ?? serve.listen;
  const colon = listen.lastIndexOf(':');
  const host = listen.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(listen.slice(colon + 1));
  if (colon < 1 || !Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--listen ${listen}: expected HOST:PORT`);
  const apiToken = serve.apiToken ? await requireSecret(serve.apiToken, 'serve.apiToken', loaded, env) : null;
  const pingKey = serve.pingKey ? await requireSecret(serve.pingKey, 'serve.pingKey', loaded, env) : null;
  const heartbeats = Object.entries(inv.consumers).filter(([, c]) => c.heartbeat);
  if (heartbeats.length > 0 && pingKey === null) {
    throw new UserError('serve.pingKey is required when consumers have heartbeats', [
      `consumers with a heartbeat: ${heartbeats.map(([n]) => n).join(', ')}`,
      'add serve: { pingKey: { env: CREDCANARY_PING_KEY } } and set it to a long random value (openssl rand -hex 32)',
    ]);
  }
  const consumersOf = new Map<string, string[]>(Object.keys(inv.credentials).map((n) => [n, []]));
  const credentialsOf = new Map<string, string[]>();
  for (const [name, consumer] of Object.entries(inv.consumers)) {
    credentialsOf.set(name, consumer.credentials);
    for (const c of consumer.credentials) consumersOf.get(c)?.push(name);
  }
  return {
    loaded,
    env,
    db: parseDbUrl(dbUrl, loaded.dir),
    host,
    port,
    apiToken,
    pingKey,
    publicUrl: (serve.publicUrl ?? `http://${listen}`).replace(/\/+$/, ''),
    retentionMs: durationMs(serve.retention),
    policy: {
      failAfter: serve.alerts.failAfter,
      confirmAfterMs: durationMs(serve.alerts.confirmAfter),
      recoverAfter: serve.alerts.recoverAfter,
      remindEveryMs: durationMs(serve.alerts.remindEvery),
    },
    cadences: new Map(Object.entries(inv.credentials).map(([n, c]) => [n, cadenceOf(c.schedule ?? serve.schedule)])),
    expectations: new Map(heartbeats.map(([n, c]) => [n, expectationOf(c.heartbeat!)])),
    consumersOf,
    credentialsOf,
    timeoutMs: inv.settings.timeoutSeconds * 1000,
  };
}
