// No secret value is ever written: plant unique tokens, run a simulated day of schedules (a compressed
// clock drives the real daemon in process), send pings whose bodies carry the tokens in several forms,
// then read every byte of the SQLite file and every PostgreSQL row, and the whole log.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../engine/logger.js';
import { loadInventory } from '../inventory/load.js';
import { clearSecrets } from '../secrets/redact.js';
import { serveWorld, startReceiver, waitFor } from '../testing/serve-harness.js';
import { postgresAvailable, postgresTestDb, sqliteTestDb, storedText, type TestDb } from '../testing/stores.js';
import { resolveServeConfig } from './config.js';
import { startDaemon } from './daemon.js';
import { pingId } from './ping-ids.js';

const pgUp = await postgresAvailable();
const PLANTED = { HOOK_SECRET: 'planted-hook-5f1b0c2e9d7a', API_TOKEN: 'planted-api-8c3e1a7f2b6d', PING_KEY: 'planted-ping-2d9f4b8e1c7a' };


function forms(token: string): string[] {
  return [token, encodeURIComponent(token), Buffer.from(token).toString('base64'), Buffer.from(`x-access-token:${token}`).toString('base64')];
}

describe.each([
  ['SQLite', sqliteTestDb, true],
  ['PostgreSQL', postgresTestDb, pgUp],
] as const)('no secret reaches the %s store or the log over a simulated day', (_name, make, available) => {
  afterEach(() => clearSecrets());

  it('plants tokens, runs 96 quarter-hour schedules with pings, greps everything', async (ctx) => {
    if (!available) ctx.skip();
    const world = await serveWorld();
    const receiver = await startReceiver(PLANTED.HOOK_SECRET);
    const db = make();
    try {
      const revoked = world.sim.addToken('sync-bot', { name: 'doomed', scopes: ['read:user'] });
      world.sim.revokeToken(revoked);
      world.writeInventory(`credentials:
  GOOD: { forge: core, source: { file: ${world.tokenFile} }, persona: sync-bot, scopes: [read:user] }
  BAD: { forge: core, source: { env: BAD_TOKEN }, persona: sync-bot, scopes: [read:user] }
consumers:
  job: { kind: cron, credentials: [GOOD], heartbeat: { period: 1h, grace: 15m } }
notify:
  hook: { type: webhook, url: "${receiver.url}", secret: { env: HOOK_SECRET } }
serve:
  apiToken: { env: API_TOKEN }
  pingKey: { env: PING_KEY }
  alerts: { confirmAfter: 1m }
`);
      const env = { ...PLANTED, BAD_TOKEN: revoked };
      const lines: string[] = [];
      const sink = new Writable({ write: (chunk: Buffer, _e, cb) => (lines.push(chunk.toString()), cb()) });
      let now = Date.UTC(2026, 0, 1);
      const config = await resolveServeConfig(await loadInventory(world.config), env, { db: db.url, listen: '127.0.0.1:0' });
      const daemon = await startDaemon(config, { logger: createLogger('debug', sink), now: () => now, tickMs: 10 });
      try {
        const ping = `${daemon.url}/ping/${pingId(PLANTED.PING_KEY, 'job')}`;
        for (let step = 0; step < 96; step++) {
          const body = forms(world.token).concat(forms(revoked)).join(' ');
          expect((await fetch(step % 2 ? ping : `${ping}/log`, { method: 'POST', body })).status).toBe(200);
          const before = await daemon.store.runs(null, 10_000);
          now += 15 * 60_000;
          // Wait until this quarter's runs are recorded before moving the clock on.
          await waitFor('the quarter-hour runs', async () => ((await daemon.store.runs(null, 10_000)).length >= before.length + 2 ? true : undefined), 20_000);
        }
        await waitFor('the failure alert', () => receiver.deliveries.find((d) => d.body.event === 'credential.failed'));
      } finally {
        await daemon.stop();
      }
      const stored = await storedText(db);
      expect(stored).toContain('GOOD');
      expect(stored).toContain('[REDACTED]');
      const everything = [stored, lines.join(''), ...receiver.deliveries.map((d) => d.raw)];
      for (const secret of [...forms(world.token), ...forms(revoked), ...Object.values(PLANTED)]) {
        for (const text of everything) expect(text.includes(secret), `a form of a planted secret was found`).toBe(false);
      }
    } finally {
      await receiver.close();
      await world.dispose();
      await db.dispose();
    }
  }, 180_000);
});
