// Two `credcanary serve` instances on one PostgreSQL share the work: every due time of every credential
// runs exactly once. The 5 minutes are shortened to 40 s here (CREDCANARY_SHARED_SECONDS=300
// runs the full length; bench/serve.md records one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveWorld, startServe, type ServeProcess, type ServeWorld } from '../testing/serve-harness.js';
import { postgresAvailable, postgresTestDb, type TestDb } from '../testing/stores.js';

const pgUp = await postgresAvailable();
const SECONDS = Number(process.env['CREDCANARY_SHARED_SECONDS'] ?? 40);
const COUNT = 20;
const PERIOD_MS = 5000;

describe.skipIf(!pgUp)('two daemons on one PostgreSQL', () => {
  let world: ServeWorld;
  let db: TestDb;
  const daemons: ServeProcess[] = [];
  beforeAll(async () => {
    world = await serveWorld();
    db = postgresTestDb();
  });
  afterAll(async () => {
    for (const d of daemons) if (d.child.exitCode === null) await d.kill();
    await world?.dispose();
    await db?.dispose();
  });

  it(`${COUNT} credentials every 5 s for ${SECONDS} s: no due time run twice, none skipped, both instances working`, async () => {
    const env: Record<string, string> = { CREDCANARY_SERVE_TICK_MS: '250' };
    let credentials = 'credentials:\n';
    for (let i = 0; i < COUNT; i++) {
      env[`TOKEN_${i}`] = world.sim.addToken('sync-bot', { name: `t${i}`, scopes: ['read:user'] });
      credentials += `  C${i}: { forge: core, source: { env: TOKEN_${i} }, persona: sync-bot, scopes: [read:user], schedule: { every: 5s } }\n`;
    }
    world.writeInventory(credentials);
    const args = ['--config', world.config, '--db', db.url];
    daemons.push(await startServe(args, env));
    daemons.push(await startServe(args, env));
    const started = Date.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const stopAt = Date.now();
    expect(await Promise.all(daemons.map((d) => d.stop()))).toEqual([0, 0]);

    const store = await db.open();
    try {
      const runs = await store.runs(null, 100_000);
      const byCredential = new Map<string, number[]>();
      for (const r of runs) byCredential.set(r.credential, [...(byCredential.get(r.credential) ?? []), r.due_at]);
      expect(byCredential.size).toBe(COUNT);
      let total = 0;
      for (const [name, dues] of byCredential) {
        dues.sort((a, b) => a - b);
        // Unique per due time (the table's constraint also guarantees it), and every 5 s slot present.
        expect(new Set(dues).size, name).toBe(dues.length);
        const gaps = dues.slice(1).map((d, i) => d - dues[i]!);
        expect(gaps.every((g) => g === PERIOD_MS), `${name} gaps ${gaps.join(',')}`).toBe(true);
        // Slots from the first due time to (stop − one period) must all have run.
        const expected = Math.floor((stopAt - PERIOD_MS - dues[0]!) / PERIOD_MS) + 1;
        expect(dues.length, name).toBeGreaterThanOrEqual(expected);
        total += dues.length;
      }
      expect(total).toBeGreaterThanOrEqual(COUNT * Math.floor((stopAt - started - 2 * PERIOD_MS) / PERIOD_MS));
      const instances = new Set(runs.map((r) => r.instance));
      expect(instances.size).toBe(2);
      const perInstance = [...instances].map((i) => runs.filter((r) => r.instance === i).length);
      process.stderr.write(`shared work: ${total} runs of ${COUNT} credentials in ${SECONDS} s, ${perInstance.join(' + ')} by instance, 0 duplicates, 0 gaps\n`);
      for (const d of daemons) expect(d.log()).not.toContain('run dropped');
    } finally {
      await store.close();
    }
  }, (SECONDS + 60) * 1000);
});
