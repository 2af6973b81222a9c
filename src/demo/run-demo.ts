import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, exitCodeFor, type ExitCode } from '../core/exit-codes.js';
import { runCheck } from '../engine/run-check.js';
import { parseReportFormat } from '../report/formats.js';
import { createProgress } from '../report/progress.js';
import { renderReport } from '../report/render.js';
import { paintStatus, shouldUseColor, style } from '../report/style.js';
import { hangingWrap, wrap } from '../report/width.js';
import type { Report } from '../report/model.js';
import { UserError } from '../core/errors.js';
import { startGitHubSim } from '../sim/github/index.js';
import { startGitLabSim } from '../sim/gitlab/index.js';
import { startForgeSim } from '../sim/index.js';
import { demoOutcome, whatThisShows } from './explain.js';
import { naiveLsRemote } from './naive-ls-remote.js';
import { seedGitHubDemo, seedGitLabDemo } from './scenario-hosted.js';
import { seedDemo, type DemoExpectation, type DemoWorld } from './scenario.js';

/** Options of `credcanary demo`. */
export interface DemoOptions {
  format: string;
  color?: boolean;
  /** Keep the temporary folder with the inventory and its files (the simulator stops either way). */
  keep?: boolean;
  /** Which forge the loopback simulator imitates: gitea (default), github or gitlab. */
  forge?: string;
}

/** The forges the demo can imitate. */
export const DEMO_FORGES = ['gitea', 'github', 'gitlab'] as const;

/** A seeded simulator of one forge. */
interface DemoForge {
  label: string;
  url: string;
  world: DemoWorld;
  stop(): Promise<void>;
}

async function startDemoForge(forge: string): Promise<DemoForge> {
  if (forge === 'github') {
    const sim = await startGitHubSim();
    return { label: 'GitHub (REST at /api/v3, git with x-access-token)', url: sim.url, world: seedGitHubDemo(sim), stop: () => sim.stop() };
  }
  if (forge === 'gitlab') {
    const sim = await startGitLabSim();
    return { label: 'GitLab (REST at /api/v4, git with oauth2)', url: sim.url, world: seedGitLabDemo(sim), stop: () => sim.stop() };
  }
  if (forge !== 'gitea') throw new UserError(`unknown forge "${forge}" for demo`, [`expected one of ${DEMO_FORGES.join(', ')}`]);
  const sim = await startForgeSim();
  return { label: 'Gitea', url: sim.url, world: seedDemo(sim), stop: () => sim.stop() };
}


/** Whether the report holds the promised verdict; returns the verdict found, if any. */
export function findExpected(report: Report, e: DemoExpectation): { ok: boolean; found: string } {
  const cred = report.credentials.find((c) => c.name === e.credential);
  const v = cred?.probes.find((p) => p.id === e.probe && (e.target === undefined || p.target === e.target));
  if (!v) return { ok: false, found: 'no such verdict' };
  return { ok: v.status === e.status && v.class === e.class, found: `${v.status}${v.class ? `/${v.class}` : ''}` };
}

/** Runs the demo end to end and returns its exit code: 0 when every verdict came out as designed. */
export async function runDemo(opts: DemoOptions): Promise<ExitCode> {
  const format = parseReportFormat(opts.format);
  const color = opts.color !== false && shouldUseColor(process.stdout, process.env);
  const out = (line = ''): void => {
    process.stdout.write(`${line}\n`);
  };
  // Without a terminal (a pipe, a log) lines are not wrapped to a guess; 100 keeps them readable.
  const width = process.stdout.isTTY ? process.stdout.columns : 100;
  // The forge first: an unknown one is a usage error before anything is created.
  const forge = await startDemoForge(opts.forge ?? 'gitea');
  const dir = await mkdtemp(join(tmpdir(), 'credcanary-demo-'));
  try {
    const world = forge.world;
    const config = join(dir, 'credcanary.yaml');
    await writeFile(config, world.inventory, { mode: 0o600 });
    for (const [name, text] of Object.entries(world.files)) await writeFile(join(dir, name), text);
    const human = format === 'table';
    // The folder is removed at the end unless --keep: never name a path the reader cannot open afterwards.
    const where = opts.keep ? config : 'a temporary folder (removed at the end; --keep keeps it)';
    if (human) {
      out(style('bold', 'credcanary demo', color));
      const item = (text: string): void => {
        for (const line of hangingWrap('  ', text, width)) out(line);
      };
      item(`started a loopback ${forge.label} simulator at ${forge.url} (real git behind it)`);
      item(`seeded bots, a human persona, 4 repositories, branch protection and ${Object.keys(world.env).length} secrets`);
      item(`wrote the inventory to ${where}`);
      item('running: credcanary check on it');
      out();
    }
    let progress: ReturnType<typeof createProgress> | null = null;
    const report = await runCheck({
      config,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...world.env },
      listener: (event) => {
        if (event.type === 'start') progress = createProgress(process.stderr, event.credentials);
        progress?.listener(event);
      },
    });
    process.stdout.write(renderReport(report, format, { color, ...(process.stdout.isTTY ? { width } : {}) }));
    const naiveExit = await naiveLsRemote(world.naive.url, world.naive.junkToken, dir, 10_000);
    const results = world.expectations.map((e) => ({ e, ...findExpected(report, e) }));
    const good = results.filter((r) => r.ok).length;
    const naiveFooled = naiveExit === 0;
    if (human) {
      out();
      for (const line of whatThisShows(results, width, color)) out(line);
      const naive = `a naive \`git ls-remote\` canary with the junk token exits ${naiveExit ?? 'abnormally'}${naiveFooled ? ': it would have passed (git never sent the token to a public repo)' : ''}`;
      wrap(naive, width - 4).forEach((line, i) => out(`  ${i === 0 ? `${naiveFooled ? paintStatus('pass', '✓', color) : paintStatus('fail', '✗', color)} ` : '  '}${line}`));
      out();
    }
    const outcome = demoOutcome(good, results.length, naiveFooled, exitCodeFor(report.status));
    // Machine formats keep stdout one document; the reason for the exit code goes to stderr there.
    const say = (line: string): void => {
      for (const part of wrap(line, width)) (human ? out(part) : process.stderr.write(`${part}\n`));
    };
    for (const line of outcome) say(line);
    if (opts.keep) say(`kept ${dir} (the simulator has stopped, so the inventory there is for reading, not for re-running)`);
    return good === results.length && naiveFooled ? EXIT.ok : EXIT.fail;
  } finally {
    await forge.stop();
    if (!opts.keep) await rm(dir, { recursive: true, force: true });
  }
}
