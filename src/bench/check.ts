// `credcanary check` benchmarks, each a whole process as a user runs it (`credcanary check --format json
// --output F` against the loopback simulator, which runs in this process), beside `node -e 0`, the
// floor any Node CLI pays to start.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../report/model.js';
import { startForgeSim, type ForgeSim } from '../sim/index.js';
import { alternate, credcanaryEntry, entrySentence, runProcess, type ProcessRun } from './process.js';
import { median, ms, percentile } from './stats.js';

// Twenty runs of a ~0.2 s process; CREDCANARY_BENCH_RUNS makes a quick trial of the harness.
const SINGLE_RUNS = Number(process.env['CREDCANARY_BENCH_RUNS'] ?? 20);
const TARGET_STARTUP_RATIO = 3;
// Three runs of a ~10 s process, for a median.
const FLEET_RUNS = 3;

/** Figures of the check benchmarks, written to bench/check.json. */
export interface CheckBenchResult {
  entry: string;
  single: {
    runs: number;
    wallMedianMs: number;
    wallP90Ms: number;
    peakRssMb: number | null;
    nodeMedianMs: number;
    ratioToNode: number;
    /** CPU time (user + system, git children included), medians: the load-independent view. */
    cpuMedianMs: number | null;
    nodeCpuMedianMs: number | null;
    cpuRatioToNode: number | null;
    inProcessMedianMs: number;
    gitMedianMs: number;
    requests: number;
    versionMedianMs: number;
  };
  fleet: { runs: number; credentials: number; latencyMs: number; concurrency: number; requests: number; wallMs: number; inProcessMs: number; boundMs: number; ratio: number };
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

/** Runs `credcanary check` on an inventory as a child process; its report, read back from the file it wrote. */
async function runCheckProcess(dir: string, env: Record<string, string>): Promise<{ run: ProcessRun; report: Report }> {
  const out = join(dir, 'report.json');
  await rm(out, { force: true });
  const run = await runProcess(process.execPath, [credcanaryEntry().path, 'check', '--config', join(dir, 'credcanary.yaml'), '--format', 'json', '--output', out], {
    env: { ...process.env, ...env },
    cwd: dir,
  });
  if (run.status !== 0) throw new Error(`credcanary check exited ${run.status}: ${run.stderr}`);
  return { run, report: JSON.parse(await readFile(out, 'utf8')) as Report };
}

/** One credential, every probe, whole process, alternated with `node -e 0`. */
export async function benchSingle(runs: number): Promise<CheckBenchResult['single']> {
  const sim = await startForgeSim();
  const dir = await mkdtemp(join(tmpdir(), 'credcanary-bench-'));
  try {
    const token = await seedSingle(sim);
    await writeFile(join(dir, 'README.md'), '# core\n');
    await writeFile(join(dir, 'credcanary.yaml'), singleInventory(sim.url));
    const env = { BENCH_TOKEN: token };
    await runCheckProcess(dir, env); // the simulator's first git repository copy and the file cache, not a user's cost
    const reports: Report[] = [];
    let requests = 0;
    const measured = await alternate(runs, {
      check: async () => {
        const before = sim.requests.length;
        const { run, report } = await runCheckProcess(dir, env);
        requests = sim.requests.length - before;
        const failed = report.credentials[0]?.probes.filter((p) => p.status !== 'pass' && p.status !== 'skipped') ?? [];
        if (failed.length > 0) throw new Error(`benchmark check did not pass: ${failed.map((p) => `${p.id} ${p.status}`).join(', ')}`);
        reports.push(report);
        return run;
      },
      node: () => runProcess(process.execPath, ['-e', '0']),
      version: async () => {
        const run = await runProcess(process.execPath, [credcanaryEntry().path, '--version']);
        if (run.status !== 0) throw new Error(`credcanary --version exited ${run.status}`);
        return run;
      },
    });
    const walls = measured.check.map((r) => r.wallMs);
    const rss = measured.check.map((r) => r.peakRssMb).filter((v): v is number => v !== null);
    const wallMedianMs = median(walls);
    const nodeMedianMs = median(measured.node.map((r) => r.wallMs));
    const cpuMedianMs = medianOrNull(measured.check.map((r) => r.cpuMs));
    const nodeCpuMedianMs = medianOrNull(measured.node.map((r) => r.cpuMs));
    return {
      runs,
      wallMedianMs,
      wallP90Ms: percentile(walls, 90),
      peakRssMb: rss.length > 0 ? Math.max(...rss) : null,
      nodeMedianMs,
      ratioToNode: wallMedianMs / nodeMedianMs,
      cpuMedianMs,
      nodeCpuMedianMs,
      cpuRatioToNode: cpuMedianMs !== null && nodeCpuMedianMs !== null ? cpuMedianMs / nodeCpuMedianMs : null,
      inProcessMedianMs: median(reports.map((r) => r.durationMs)),
      gitMedianMs: median(reports.map((r) => r.credentials[0]?.probes.find((p) => p.id === 'git-auth')?.durationMs ?? 0)),
      requests,
      versionMedianMs: median(measured.version.map((r) => r.wallMs)),
    };
  } finally {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The median of the measured values, or null when none was measured. */
function medianOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length > 0 ? median(known) : null;
}

/** Many credentials behind injected latency, one whole `credcanary check` process. */
async function benchFleet(credentials: number, latencyMs: number, concurrency: number): Promise<CheckBenchResult['fleet']> {
  const sim = await startForgeSim();
  const dir = await mkdtemp(join(tmpdir(), 'credcanary-bench-fleet-'));
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
    await writeFile(join(dir, 'credcanary.yaml'), yaml);
    sim.faults.add({ latencyMs });
    const walls: number[] = [];
    const probing: number[] = [];
    let requests = 0;
    for (let i = 0; i < FLEET_RUNS; i++) {
      const before = sim.requests.length;
      const { run, report } = await runCheckProcess(dir, env);
      requests = sim.requests.length - before;
      if (report.status !== 'pass') throw new Error(`fleet benchmark did not pass: ${JSON.stringify(report.counts)}`);
      walls.push(run.wallMs);
      probing.push(report.durationMs);
    }
    const boundMs = (requests * latencyMs) / concurrency;
    const wallMs = median(walls);
    return { runs: FLEET_RUNS, credentials, latencyMs, concurrency, requests, wallMs, inProcessMs: median(probing), boundMs, ratio: wallMs / boundMs };
  } finally {
    await sim.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs the check benchmarks and returns the figures plus a Markdown section for bench/RESULTS.md. */
export async function benchCheck(): Promise<{ result: CheckBenchResult; markdown: string }> {
  const entry = credcanaryEntry();
  const single = await benchSingle(SINGLE_RUNS);
  const fleet = await benchFleet(500, 25, 16);
  const result = { entry: entry.shown, single, fleet };
  const meets = (ok: boolean): string => (ok ? 'meets' : '**misses**');
  const markdown = `## check

Every figure is a whole process as a user starts it — \`credcanary check --config credcanary.yaml --format json
--output report.json\` — timed from spawn to exit by the benchmark (start-up, module loading,
probing and writing the report included), its peak RSS by GNU time, its CPU time by bash's \`time\`. The loopback simulator (and the
\`git http-backend\` processes it starts) runs in the benchmark's process: its work is in the check's wall clock,
not in its CPU time. On a shared machine the wall clock also includes waiting for a core, for \`node -e 0\` too. The one-credential check, \`node -e 0\` (the start-up floor of any Node program) and
\`credcanary --version\` ran ${single.runs} times each, taking turns; medians are shown. One unmeasured check ran first. ${entrySentence(entry)}

| figure | measured | target |
|---|---|---|
| one credential, all probes (1 repo + branch + file, ${single.requests} API requests + 2 git pushes), whole process, median | ${ms(single.wallMedianMs)} (p90 ${ms(single.wallP90Ms)}, peak RSS ${single.peakRssMb === null ? '—' : `${single.peakRssMb.toFixed(0)} MB`}) | — |
| \`node -e 0\`, median | ${ms(single.nodeMedianMs)} | — |
| **ratio check / \`node -e 0\`, wall clock** | **${single.ratioToNode.toFixed(2)}×** | ≤ ${TARGET_STARTUP_RATIO}×: ${meets(single.ratioToNode <= TARGET_STARTUP_RATIO)} |
| CPU time (user + system, the git processes it runs included), median: check / \`node -e 0\` | ${single.cpuMedianMs === null ? '—' : `${ms(single.cpuMedianMs)} / ${ms(single.nodeCpuMedianMs ?? NaN)} = ${(single.cpuRatioToNode ?? NaN).toFixed(2)}×`} | — |
| of which probing (the report's own \`durationMs\`, inventory loaded to verdicts), median | ${ms(single.inProcessMedianMs)} | — |
| git-auth probe (authed + anonymous control, concurrent), median from the reports | ${ms(single.gitMedianMs)} | — |
| ${fleet.credentials} credentials, ${fleet.latencyMs} ms injected latency, concurrency ${fleet.concurrency}: whole process, median of ${fleet.runs} | ${ms(fleet.wallMs)} (probing ${ms(fleet.inProcessMs)}) | — |
| concurrency bound (${fleet.requests} requests × ${fleet.latencyMs} ms / ${fleet.concurrency}) | ${ms(fleet.boundMs)} | — |
| ratio whole process / bound | ${fleet.ratio.toFixed(2)} | ≤ 1.3: ${meets(fleet.ratio <= 1.3)} |
| \`credcanary --version\`, whole process, median (in the same turns) | ${ms(single.versionMedianMs)} (${(single.versionMedianMs / single.nodeMedianMs).toFixed(2)}× \`node -e 0\`) | < 150 ms: ${meets(single.versionMedianMs < 150)} |
`;
  return { result, markdown };
}
