// The database going away under a running daemon: /readyz turns 503, the daemon keeps retrying, and is
// ready again once the database is back. A TCP relay between daemon and PostgreSQL plays the outage.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../engine/logger.js';
import { loadInventory } from '../inventory/load.js';
import { serveWorld, waitFor } from '../testing/serve-harness.js';
import { postgresAvailable, postgresTestDb, TEST_PG_URL } from '../testing/stores.js';
import { resolveServeConfig } from './config.js';
import { startDaemon } from './daemon.js';

const pgUp = await postgresAvailable();

/** Relays 127.0.0.1:<port> to the test PostgreSQL; `cut` drops every connection and refuses new ones. */
async function relay(port = 0): Promise<{ port: number; cut(): Promise<void> }> {
  const target = new URL(TEST_PG_URL);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => (client.destroy(), upstream.destroy());
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    cut: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

describe.skipIf(!pgUp)('readiness when the database goes away', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('/readyz is 503 while PostgreSQL is unreachable and 200 again when it is back; /healthz stays 200', async () => {
    const world = await serveWorld();
    cleanups.push(() => world.dispose());
    const db = postgresTestDb();
    cleanups.push(() => db.dispose());
    let proxy = await relay();
    cleanups.push(() => proxy.cut().catch(() => {}));
    world.writeInventory(`credentials:\n  SYNC_TOKEN: { forge: core, source: { file: ${world.tokenFile} }, persona: sync-bot, scopes: [read:user], schedule: { every: 2s } }\n`);
    const url = `postgres://postgres@127.0.0.1:${proxy.port}/test?schema=${db.schema}`;
    const config = await resolveServeConfig(await loadInventory(world.config), {}, { db: url, listen: '127.0.0.1:0' });
    const log: string[] = [];
    const logger = createLogger('info', new Writable({ write: (c: Buffer, _e, cb) => (log.push(c.toString()), cb()) }));
    const daemon = await startDaemon(config, { logger, tickMs: 100 });
    cleanups.push(() => daemon.stop());
    const ready = async () => (await fetch(`${daemon.url}/readyz`)).status;
    await waitFor('ready', async () => ((await ready()) === 200 ? true : undefined));

    await proxy.cut();
    await waitFor('503 during the outage', async () => ((await ready()) === 503 ? true : undefined), 15_000);
    expect((await fetch(`${daemon.url}/healthz`)).status).toBe(200);
    await waitFor('the outage logged', () => (log.some((l) => l.includes('tick failed; retrying')) ? true : undefined));

    proxy = await relay(proxy.port);
    await waitFor('ready again', async () => ((await ready()) === 200 ? true : undefined), 20_000);
    const runsAfter = (await daemon.store.runs('SYNC_TOKEN', 100)).length;
    await waitFor('runs resume', async () => ((await daemon.store.runs('SYNC_TOKEN', 100)).length > runsAfter ? true : undefined), 15_000);
  }, 60_000);
});
