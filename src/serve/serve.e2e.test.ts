// Acceptance of `credcanary serve` as a user runs it: the built CLI as a child process, the forge
// simulator, a local webhook receiver, and real SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli.js';
import { serveWorld, startReceiver, startServe, waitFor, type Receiver, type ServeProcess, type ServeWorld } from '../testing/serve-harness.js';
import { postgresAvailable, postgresTestDb, sqliteTestDb, storedText, type TestDb } from '../testing/stores.js';

const pgUp = await postgresAvailable();
const HOOK_SECRET = 'hook-secret-for-signing-0123456789';
const API_TOKEN = 'api-token-e2e-0123456789abcdef';
const PING_KEY = 'ping-key-e2e-0123456789abcdef';
const FAST = { CREDCANARY_SERVE_TICK_MS: '200', CREDCANARY_SERVE_RETRY_BASE_MS: '200' };

function inventory(world: ServeWorld, receiverUrl: string, schedule = 'every: 5s'): string {
  return `credentials:
  SYNC_TOKEN:
    forge: core
    source: { file: ${world.tokenFile} }
    persona: sync-bot
    scopes: [read:user]
    schedule: { ${schedule} }
consumers:
  auto-sync: { kind: cron, credentials: [SYNC_TOKEN], heartbeat: { period: 2s, grace: 2s } }
  ops-backup: { kind: cron, credentials: [SYNC_TOKEN] }
notify:
  hook: { type: webhook, url: "${receiverUrl}", secret: { env: HOOK_SECRET } }
serve:
  apiToken: { env: API_TOKEN }
  pingKey: { env: PING_KEY }
  alerts: { failAfter: 2, confirmAfter: 1s, recoverAfter: 1 }
`;
}

async function api(serve: ServeProcess, path: string, init: RequestInit = {}, token: string | null = API_TOKEN): Promise<Response> {
  return fetch(`${serve.url}${path}`, { ...init, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

async function pingPaths(world: ServeWorld): Promise<Record<string, string>> {
  const r = await runCli(['heartbeat', 'urls', '--config', world.config, '--format', 'json'], { PING_KEY, API_TOKEN, HOOK_SECRET });
  expect(r.code).toBe(0);
  const urls = JSON.parse(r.stdout) as Record<string, string>;
  return Object.fromEntries(Object.entries(urls).map(([k, v]) => [k, new URL(v).pathname]));
}


const targets: Array<[string, () => TestDb, boolean]> = [
  ['SQLite', sqliteTestDb, true],
  ['PostgreSQL', postgresTestDb, pgUp],
];

describe.each(targets)('credcanary serve on %s', (_name, make, available) => {
  let world: ServeWorld;
  let receiver: Receiver;
  let db: TestDb;
  const running: ServeProcess[] = [];
  const env = () => ({ ...FAST, HOOK_SECRET, API_TOKEN, PING_KEY });
  const start = async () => {
    const s = await startServe(['--config', world.config, '--db', db.url], env());
    running.push(s);
    return s;
  };
  beforeEach(async (ctx) => {
    if (!available) ctx.skip();
    world = await serveWorld();
    receiver = await startReceiver(HOOK_SECRET);
    db = make();
    world.writeInventory(inventory(world, receiver.url));
  });
  afterEach(async () => {
    if (!available) return;
    for (const s of running.splice(0)) if (s.child.exitCode === null) await s.kill();
    await receiver.close();
    await world.dispose();
    await db.dispose();
  });

  it('revocation → one signed credential.failed naming class and consumers; restore → one recovered; muted, then late and down', async () => {
    const serve = await start();
    const paths = await pingPaths(world);
    const ping = (p = '') => fetch(`${serve.url}${paths['auto-sync']}${p}`);
    await waitFor('the first run', async () => ((await (await api(serve, '/api/v1/credentials')).json()) as Array<{ status: string }>)[0]?.status === 'pass');
    expect((await ping()).status).toBe(200);
    // The consumer pings every 500 ms (its period is 2 s) while `pinging` is on.
    let pinging = true;
    const pinger = setInterval(() => void (pinging ? ping().catch(() => {}) : undefined), 500);

    // Revoked while the consumer keeps pinging, then the consumer stops: one root-cause alert only.
    world.sim.revokeToken(world.token);
    const failed = await waitFor('credential.failed', () => receiver.deliveries.find((d) => d.body.event === 'credential.failed'), 20_000);
    expect(failed.signatureValid).toBe(true);
    expect(failed.deliveryHeader).toBe(failed.body.delivery);
    expect(failed.body).toMatchObject({ credential: 'SYNC_TOKEN', class: 'revoked', consumers: ['auto-sync', 'ops-backup'] });
    expect(failed.body['summary']).toMatch(/^SYNC_TOKEN revoked; consumers auto-sync, ops-backup depend on it\./);
    pinging = false;
    await waitFor('auto-sync down (muted)', async () => {
      const consumers = (await (await api(serve, '/api/v1/consumers')).json()) as Array<{ name: string; state: string }>;
      return consumers.find((c) => c.name === 'auto-sync')?.state === 'down';
    }, 15_000);
    expect(receiver.deliveries.map((d) => d.body.event)).toEqual(['credential.failed']);

    // Restored: a new working token in the file; the consumer comes back.
    const fresh = world.sim.addToken('sync-bot', { name: 'sync2', scopes: ['read:user'] });
    world.setToken(fresh);
    pinging = true;
    await waitFor('credential.recovered', () => receiver.deliveries.find((d) => d.body.event === 'credential.recovered'), 20_000);
    await waitFor('auto-sync up', async () => {
      const consumers = (await (await api(serve, '/api/v1/consumers')).json()) as Array<{ name: string; state: string }>;
      return consumers.find((c) => c.name === 'auto-sync')?.state === 'up';
    });
    pinging = false;
    clearInterval(pinger);

    // Now the consumer stops pinging on its own: late, then down, each alerted once.
    const down = await waitFor('consumer.down', () => receiver.deliveries.find((d) => d.body.event === 'consumer.down'), 20_000);
    expect(down.body).toMatchObject({ consumer: 'auto-sync' });
    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.deliveries.map((d) => d.body.event)).toEqual(['credential.failed', 'credential.recovered', 'consumer.late', 'consumer.down']);
    expect(receiver.deliveries.every((d) => d.signatureValid)).toBe(true);
    expect(new Set(receiver.deliveries.map((d) => d.body.delivery)).size).toBe(4);

    const alerts = (await (await api(serve, '/api/v1/alerts')).json()) as { alerts: Array<{ status: string }> };
    expect(alerts.alerts.every((a) => a.status === 'delivered')).toBe(true);
    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    expect(metrics).toMatch(/credcanary_credential_up\{credential="SYNC_TOKEN"\} 1/);
    expect(metrics).toMatch(/credcanary_consumer_up\{consumer="auto-sync"\} 0/);
    expect(metrics).toMatch(/credcanary_probe_duration_seconds_count\{probe="identity"\} \d+/);
    expect(await serve.stop()).toBe(0);

    // No token value anywhere: database, log.
    const stored = await storedText(db);
    expect(stored).toContain('SYNC_TOKEN');
    for (const secret of [world.token, fresh, HOOK_SECRET, API_TOKEN, PING_KEY]) {
      expect(stored).not.toContain(secret);
      expect(serve.log()).not.toContain(secret);
    }
  }, 120_000);

  it('pings: healthchecks.io routes, bodies truncated at 10 KB and scrubbed, 404 for unknown ids; the API wants its token', async () => {
    const serve = await start();
    const paths = await pingPaths(world);
    const base = `${serve.url}${paths['auto-sync']}`;
    expect(await (await fetch(`${base}/start?rid=3f1e2d4c-0000-4000-8000-000000000000`)).text()).toBe('OK');
    expect((await fetch(base, { method: 'POST', body: `done, token was ${world.token}` })).status).toBe(200);
    expect((await fetch(`${base}/log`, { method: 'POST', body: 'x'.repeat(50_000) })).status).toBe(200);
    expect((await fetch(`${base}/0`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${base}/1`)).status).toBe(200);
    expect((await fetch(`${base}/fail`)).status).toBe(200);
    const slug = paths['auto-sync']!.split('/')[2];
    expect(slug).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(`${serve.url}/ping/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await fetch(`${serve.url}/ping/${slug}/bogus`)).status).toBe(404);
    expect((await api(serve, '/api/v1/credentials', {}, null)).status).toBe(401);
    expect((await api(serve, '/api/v1/credentials', {}, 'wrong-token')).status).toBe(401);
    expect((await api(serve, '/api/v1/consumers')).status).toBe(200);
    expect((await api(serve, '/api/v1/credentials/NOPE/check', { method: 'POST' })).status).toBe(404);
    expect((await api(serve, '/api/v1/credentials/SYNC_TOKEN/check', { method: 'POST' })).status).toBe(202);
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${serve.url}/readyz`)).status).toBe(200);
    await waitFor('a run', async () => ((await (await api(serve, '/api/v1/credentials/SYNC_TOKEN/runs')).json()) as unknown[]).length > 0);
    expect(await serve.stop()).toBe(0);

    const store = await db.open();
    try {
      const pings = await store.pings('auto-sync', 10);
      expect(pings.map((p) => [p.kind, p.exit_status])).toEqual([
        ['fail', null],
        ['fail', 1],
        ['success', 0],
        ['log', null],
        ['success', null],
        ['start', null],
      ]);
      const log = pings.find((p) => p.kind === 'log')!;
      expect(log.body).toHaveLength(10 * 1024);
      expect(log.body_truncated).toBe(1);
      expect(pings.find((p) => p.rid !== null)?.rid).toBe('3f1e2d4c-0000-4000-8000-000000000000');
      const success = pings.find((p) => p.kind === 'success' && p.exit_status === null)!;
      expect(success.body).toBe('done, token was [REDACTED]');
      expect(success.duration_ms).toBeGreaterThanOrEqual(0);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('SIGKILL after a state change and before its delivery: delivered once after restart, history kept', async () => {
    receiver.status = 503;
    world.sim.revokeToken(world.token);
    const first = await start();
    const paths = await pingPaths(world);
    expect((await fetch(`${first.url}${paths['auto-sync']}`)).status).toBe(200);
    await waitFor('a pending credential.failed', async () => {
      const { alerts } = (await (await api(first, '/api/v1/alerts')).json()) as { alerts: Array<{ event: string; attempts: number }> };
      return alerts.some((a) => a.event === 'credential.failed' && a.attempts >= 1);
    }, 20_000);
    await first.kill();
    expect(receiver.deliveries).toEqual([]);

    receiver.status = 200;
    const second = await start();
    const failed = await waitFor('the delivery after restart', () => receiver.deliveries.find((d) => d.body.event === 'credential.failed'), 20_000);
    expect(failed.signatureValid).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.deliveries.filter((d) => d.body.event === 'credential.failed')).toHaveLength(1);
    const runs = (await (await api(second, '/api/v1/credentials/SYNC_TOKEN/runs')).json()) as Array<{ status: string }>;
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const consumers = (await (await api(second, '/api/v1/consumers')).json()) as Array<{ name: string; lastPing: string | null }>;
    expect(consumers.find((c) => c.name === 'auto-sync')?.lastPing).not.toBeNull();
    expect(await second.stop()).toBe(0);
  }, 90_000);
});

describe('credcanary serve: bad input', () => {
  let world: ServeWorld;
  beforeEach(async () => {
    world = await serveWorld();
  });
  afterEach(async () => {
    await world.dispose();
  });

  it('a malformed serve: block exits 2 with file:line:column', async () => {
    world.writeInventory('serve:\n  listen: 127.0.0.1:8414\n  alerts: { failAfter: two }\n');
    const r = await runCli(['serve', '--config', world.config], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/credcanary\.yaml:8:\d+: serve\.alerts\.failAfter: expected/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unreachable database at start exits 2 with a clear message, not a stack trace', async () => {
    world.writeInventory('');
    const r = await runCli(['serve', '--config', world.config, '--db', 'postgres://nobody@127.0.0.1:1/none'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot reach the database postgres:\/\/nobody@127\.0\.0\.1:1\/none: connection refused/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('heartbeats without a pingKey are refused before anything starts', async () => {
    world.writeInventory('consumers:\n  job: { kind: cron, credentials: [], heartbeat: { period: 1h, grace: 5m } }\n');
    const r = await runCli(['serve', '--config', world.config, '--db', 'sqlite::memory:'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/serve\.pingKey is required when consumers have heartbeats/);
  });

  it('--once runs each due check once and exits with check\'s exit code', async () => {
    world.writeInventory(`credentials:\n  SYNC_TOKEN: { forge: core, source: { file: ${world.tokenFile} }, persona: sync-bot, scopes: [read:user] }\n`);
    const dbUrl = `sqlite:${world.dir}/once.db`;
    const ok = await runCli(['serve', '--once', '--config', world.config, '--db', dbUrl, '--log-level', 'silent'], {});
    expect(ok.code).toBe(0);
    // Not due again (every 15m by default): nothing runs, still 0.
    const again = await runCli(['serve', '--once', '--config', world.config, '--db', dbUrl, '--log-level', 'silent'], {});
    expect(again.code).toBe(0);
    world.sim.revokeToken(world.token);
    const failing = await runCli(['serve', '--once', '--config', world.config, '--db', `sqlite:${world.dir}/once2.db`, '--log-level', 'silent'], {});
    expect(failing.code).toBe(1);
  });
});
