// Issue 9 item 11 through the built CLI: SIGTERM/SIGINT in the middle of a run kill every git child
// process group (their environment holds the Basic header) and every `command` source child, remove
// the `credcanary-git-*` temp folders, and exit 143/130. Real git against a slow simulated forge.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForgeSim, type ForgeSim } from '../sim/index.js';
import { CLI } from '../testing/cli.js';

let sim: ForgeSim;
let dir: string;
let token: string;

/** pids of live processes whose environment contains `needle` (a zombie's environment reads empty). */
function processesWithEnv(needle: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').includes(needle)) found.push(Number(pid));
    } catch {
      // ended, or not ours to read
    }
  }
  return found;
}

function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

async function until(what: string, test: () => boolean): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (test()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Starts `credcanary check` with `env`; resolves with its exit code once it has ended. */
function startCheck(config: string, env: Record<string, string>): { pid: number; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [CLI, 'check', '--config', config, '--format', 'plain'], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { pid: child.pid!, exited, output: () => output };
}

beforeAll(async () => {
  sim = await startForgeSim();
  sim.addUser({ login: 'ci-bot' });
  sim.addOrg('acme');
  sim.addRepo({ owner: 'acme', name: 'core', private: true });
  sim.setCollaborator('acme/core', 'ci-bot', 'write');
  token = sim.addToken('ci-bot', { scopes: ['read:user', 'write:repository'] });
  dir = await mkdtemp(join(tmpdir(), 'credcanary-signals-'));
});
afterAll(async () => {
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('an interrupted check leaves nothing behind', () => {
  it('SIGTERM while git waits on a slow forge: git groups killed, temp folder removed, exit 143', async () => {
    // git's first request hangs at the forge, so its processes are alive when the signal comes.
    sim.faults.add({ match: { pathPrefix: '/acme/core.git' }, latencyMs: 60_000 });
    const tmp = join(dir, 'tmp-term');
    await import('node:fs/promises').then((fs) => fs.mkdir(tmp));
    const config = join(dir, 'term.yaml');
    await writeFile(
      config,
      `version: 1\nforges: { f: { type: gitea, url: "${sim.url}" } }\npersonas: { ci-bot: { kind: bot } }\n` +
        `credentials:\n  CI_TOKEN: { forge: f, source: { env: CI_TOKEN }, persona: ci-bot, scopes: [read:user, write:repository], repos: [{ repo: acme/core, access: push }] }\n` +
        `settings: { timeoutSeconds: 120, retries: 0 }\n`,
    );
    const basic = Buffer.from(`ci-bot:${token}`).toString('base64');
    try {
      const run = startCheck(config, { CI_TOKEN: token, TMPDIR: tmp });
      await until('a git child holding the Basic header', () => processesWithEnv(basic).length > 0);
      const gitPids = processesWithEnv(basic);
      expect(readdirSync(tmp).some((f) => f.startsWith('credcanary-git-'))).toBe(true);
      process.kill(run.pid, 'SIGTERM');
      expect(await run.exited).toBe(143);
      expect(run.output()).toContain('interrupted by SIGTERM');
      expect(run.output()).not.toContain(token);
      await until('the git children to be gone', () => gitPids.every((pid) => !isRunning(pid)));
      expect(processesWithEnv(basic)).toEqual([]);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      sim.faults.clear();
    }
  });

  it('SIGINT while a `command` source runs: its process group killed, exit 130', async () => {
    const pidFile = join(dir, 'command.pid');
    const config = join(dir, 'int.yaml');
    await writeFile(
      config,
      `version: 1\nforges: { f: { type: gitea, url: "${sim.url}" } }\npersonas: { ci-bot: { kind: bot } }\n` +
        `credentials:\n  CI_TOKEN: { forge: f, source: { command: [sh, -c, "sleep 60 & echo $! > ${pidFile}; wait"] }, persona: ci-bot, scopes: [read:user] }\n` +
        `settings: { timeoutSeconds: 120 }\n`,
    );
    const run = startCheck(config, {});
    await until('the command source to start its child', () => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    expect(isRunning(sleeper)).toBe(true);
    process.kill(run.pid, 'SIGINT');
    expect(await run.exited).toBe(130);
    await until('the command child to be gone', () => !isRunning(sleeper));
  });
});
