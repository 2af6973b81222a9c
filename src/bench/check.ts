import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkInventory } from '../engine/run-check.js';
import { createGitRunner } from '../git/runner.js';
import { HttpClient } from '../http/client.js';
import { Limiter } from '../http/limiter.js';
import { parseInventory } from '../inventory/load.js';
import { GiteaApi } from '../providers/gitea.js';
import { startForgeSim, type ForgeSim } from '../sim/index.js';
import { median, ms, percentile } from './stats.js';

/** Figures of the check benchmarks, written to bench/check.json. */
export interface CheckBenchResult {
  single: { runs: number; medianMs: number; p90Ms: number; sequentialRoundTripsMs: number; ratio: number; requests: number; gitMedianMs: number };
  fleet: { credentials: number; latencyMs: number; concurrency: number; requests: number; wallMs: number; boundMs: number; ratio: number };
  coldStart: { runs: number; medianMs: number };
}

function singleInventory(url: string): string {
  return `version: 1
forges: { sim: { type: gitea, url: ${url} } }
personas: { bench-bot: { kind: bot } }
credentials:
  BENCH_TOKEN:
    forge: sim
    source: { env: BENCH_TOKEN }
    persona: bench-bot
    scopes: [read:user, write:repository]
    repos: [{ repo: acme/core, access: push, branches: [main] }]
    files: [{ repo: acme/core, path: README.md, ref: main, local: README.md }]
settings: { timeoutSeconds: 10, concurrency: 16, retries: 0 }
`;
}

async function seedSingle(sim: ForgeSim): Promise<string> {
  sim.addUser({ login: 'bench-bot' });
  sim.addOrg('acme');
  sim.addRepo({ owner: 'acme', name: 'core', private: true, files: { 'README.md': '# core\n' } });
  sim.setCollaborator('acme/core', 'bench-bot', 'write');
  return sim.addToken('bench-bot', { name: 'bench', scopes: ['read:user', 'write:repository'] });
}

/** The same requests a check of one credential makes, one after another: the sum a serial canary would pay. */
async function sequentialRoundTrips(sim: ForgeSim, token: string): Promise<number> {
  const limiter = new Limiter(1);
  const http = new HttpClient({ timeoutMs: 10_000, retries: 0, limiter });
  const api = new GiteaApi({ type: 'gitea', url: sim.url }, http);
  const git = createGitRunner({ timeoutMs: 10_000, limiter: new Limiter(1) });
  const auth = { kind: 'token', token } as const;
  const anon = { kind: 'anonymous' } as const;
  const gitUrl = api.gitRemote('acme/core', 'bench-bot').url;
  await git.pushDryRun(gitUrl, null); // warm the temp repository
  const t0 = performance.now();
  await api.identity(token);
  for (const a of [auth, anon]) {
    await api.repository(a, 'acme/core');
    await api.branch(a, 'acme/core', 'main');
    await api.rawFile(a, 'acme/core', 'README.md', 'main');
  }
  // The scopes answer: the guarded read per category (sent concurrently inside the provider).
  await api.scopes({ token, login: 'bench-bot', required: ['read:user', 'write:repository'], repos: [], probeWrites: false, authenticated: true, password: undefined, readSecret: async () => null });
  await git.pushDryRun(gitUrl, { username: 'bench-bot', password: token });
  await git.pushDryRun(gitUrl, null);
  const total = performance.now() - t0;
  await git.dispose();
  return total;
}

async function benchSingle(runs: number): Promise<CheckBenchResult['single']> {
  const sim = await startForgeSim();
  const dir = await mkdtemp(join(tmpdir(), 'credcanary-bench-'));
  try {
    const token = await seedSingle(sim);
    await writeFile(join(dir, 'README.md'), '# core\n');
    const loaded = { ...parseInventory(singleInventory(sim.url), join(dir, 'credcanary.yaml')), dir };
    const env = { BENCH_TOKEN: token };
    await checkInventory(loaded, { env }); // warm-up: JIT, keep-alive sockets
    const walls: number[] = [];
    const gits: number[] = [];
    let requests = 0;
    for (let i = 0; i < runs; i++) {
      const before = sim.requests.length;
      const report = await checkInventory(loaded, { env });
      requests = sim.requests.length - before;
      const failed = report.credentials[0]?.probes.filter((p) => p.status !== 'pass' && p.status !== 'skipped') ?? [];
      if (failed.length > 0) throw new Error(`benchmark check did not pass: ${failed.map((p) => `${p.id} ${p.status}`).join(', ')}`);
      walls.push(report.durationMs);
      gits.push(report.credentials[0]?.probes.find((p) => p.id === 'git-auth')?.durationMs ?? 0);
    }
    const seq: number[] = [];
    for (let i = 0; i < Math.min(runs, 10); i++) seq.push(await sequentialRoundTrips(sim, token));
    const medianMs = median(walls);
    const sequentialRoundTripsMs = median(seq);
    return { runs, medianMs, p90Ms: percentile(walls, 90), sequentialRoundTripsMs, ratio: medianMs / sequentialRoundTripsMs, requests, gitMedianMs: median(gits) };
  } finally {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchFleet(credentials: number, latencyMs: number, concurrency: number): Promise<CheckBenchResult['fleet']> {
  const sim = await startForgeSim();
  try {
    sim.addOrg('acme');
    sim.addRepo({ owner: 'acme', name: 'core', private: true });
    const env: Record<string, string> = {};
    let yaml = `version: 1\nforges: { sim: { type: gitea, url: ${sim.url} } }\npersonas:\n`;
    let creds = 'credentials:\n';
    for (let i = 0; i < credentials; i++) {
      const login = `bot-${i}`;
      sim.addUser({ login });
      sim.setCollaborator('acme/core', login, 'read');
      env[`TOKEN_${i}`] = sim.addToken(login, { name: 'fleet', scopes: ['read:user', 'read:repository'] });
      yaml += `  ${login}: { kind: bot }\n`;
      creds += `  TOKEN_${i}: { forge: sim, source: { env: TOKEN_${i} }, persona: ${login}, scopes: [read:user, read:repository], repos: [{ repo: acme/core, access: pull }] }\n`;
    }
    yaml += `${creds}settings: { timeoutSeconds: 30, concurrency: ${concurrency}, retries: 0 }\n`;
    const loaded = parseInventory(yaml, join(tmpdir(), 'fleet.yaml'));
    sim.faults.add({ latencyMs });
    const before = sim.requests.length;
    const report = await checkInventory(loaded, { env });
    const requests = sim.requests.length - before;
    if (report.status !== 'pass') throw new Error(`fleet benchmark did not pass: ${JSON.stringify(report.counts)}`);
    const boundMs = (requests * latencyMs) / concurrency;
    return { credentials, latencyMs, concurrency, requests, wallMs: report.durationMs, boundMs, ratio: report.durationMs / boundMs };
  } finally {
    await sim.stop();
  }
}

function benchColdStart(runs: number): CheckBenchResult['coldStart'] {
  const bin = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`credcanary --version exited ${r.status}`);
  }
  return { runs, medianMs: median(times) };
}

/** Runs the check benchmarks and returns the figures plus a Markdown section for bench/RESULTS.md. */
export async function benchCheck(): Promise<{ result: CheckBenchResult; markdown: string }> {
  const single = await benchSingle(40);
  const fleet = await benchFleet(500, 25, 16);
  const coldStart = benchColdStart(20);
  const result = { single, fleet, coldStart };
  const markdown = `## check

| figure | measured | target |
|---|---|---|
| one credential, all probes (1 repo + branch + file), median wall | ${ms(single.medianMs)} (p90 ${ms(single.p90Ms)}) | — |
| the same ${single.requests} requests + 2 git pushes one after another (sum of round trips) | ${ms(single.sequentialRoundTripsMs)} | — |
| ratio wall / sum of round trips | ${single.ratio.toFixed(2)} | ≤ 1.5 |
| git-auth probe (authed + anonymous control, concurrent), median | ${ms(single.gitMedianMs)} | < 80 ms |
| ${fleet.credentials} credentials, ${fleet.latencyMs} ms injected latency, concurrency ${fleet.concurrency}: wall | ${ms(fleet.wallMs)} | — |
| concurrency bound (${fleet.requests} requests × ${fleet.latencyMs} ms / ${fleet.concurrency}) | ${ms(fleet.boundMs)} | — |
| ratio wall / bound | ${fleet.ratio.toFixed(2)} | ≤ 1.3 |
| \`credcanary --version\` cold start, median of ${coldStart.runs} | ${ms(coldStart.medianMs)} | < 150 ms |
`;
  return { result, markdown };
}
