import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForgeSim } from '../src/sim/index.js';
import { runCli } from '../src/testing/cli.js';

// The helpers that put things in the system temp folder — the forge simulator, its `serve`, and the CLI
// runs that start git (demo: the simulator, check's git-auth probe, a naive ls-remote) — must leave it as
// they found it. Each runs with TMPDIR set to a folder of this test's own, so files other processes
// create in the system temp folder at the same time cannot make the comparison pass or fail. (The global
// setup does the same for the whole suite and fails the run on anything left; see test/global-setup.ts.)

const SERVE = fileURLToPath(new URL('../dist/sim/serve.js', import.meta.url));
let tmp: string;
let work: string;
let previous: string | undefined;

beforeAll(() => {
  previous = process.env['TMPDIR'];
  tmp = mkdtempSync(join(tmpdir(), 'credcanary-hygiene-'));
  work = mkdtempSync(join(tmpdir(), 'credcanary-hygiene-work-'));
  // Only this test file's process (and its children) sees it: vitest runs each file in its own process.
  process.env['TMPDIR'] = tmp;
});
afterAll(() => {
  if (previous === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = previous;
  rmSync(tmp, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** Starts `serve SEED`, resolves with the child once it printed its URL (bounded). */
function startServe(seedFile: string): Promise<ReturnType<typeof spawn>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVE, seedFile], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('serve printed no URL within 40 s'));
    }, 40_000);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (/^http:\/\/127\.0\.0\.1:\d+\n/.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before printing its URL`));
    });
  });
}

describe('the temp folder after the suite helpers', () => {
  it('the forge simulator removes its data folder (git repositories included) when stopped', async () => {
    const sim = await startForgeSim();
    sim.addUser({ login: 'bot' });
    sim.addRepo({ owner: 'bot', name: 'r', files: { 'a.txt': 'x\n' } });
    expect(readdirSync(tmp)).toHaveLength(1); // the helper did use this folder
    await sim.stop();
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('the simulator serve removes its data folder on SIGTERM', async () => {
    const seed = join(work, 'seed.json');
    writeFileSync(seed, JSON.stringify({ users: [{ login: 'bot' }], repos: [{ owner: 'bot', name: 'r', files: { 'a.txt': 'x\n' } }] }));
    const child = await startServe(seed);
    expect(readdirSync(tmp).filter((n) => n.startsWith('credcanary-sim-'))).toHaveLength(1);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  }, 60_000);

  it('a CLI run that starts the simulator and git (demo) leaves nothing', async () => {
    const run = await runCli(['demo'], { TMPDIR: tmp }, { cwd: work, timeoutMs: 80_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('came out as designed');
    expect(readdirSync(tmp)).toEqual([]);
  }, 90_000);
});
