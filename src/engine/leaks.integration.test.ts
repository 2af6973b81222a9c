// No secret leaks: a planted token appears in no output of any format, no file written, no error
// message, no request log and no process argument (the git child's /proc/<pid>/cmdline is read live).
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInventory } from './run-check.js';
import { loadInventory } from '../inventory/load.js';
import { startForgeSim, type ForgeSim } from '../sim/index.js';
import { runCli } from '../testing/cli.js';

let sim: ForgeSim;
let dir: string;
let config: string;
let good: string;
let revoked: string;
let env: Record<string, string>;

/** Every form in which a token could leak: itself, and base64 of the Basic header git is given. */
function forms(token: string, login: string): string[] {
  return [token, Buffer.from(`${login}:${token}`).toString('base64'), Buffer.from(token).toString('base64')];
}
function expectClean(text: string, where: string): void {
  for (const t of [good, revoked]) for (const f of forms(t, 'leak-bot')) expect(text.includes(f), `${where} contains a token form`).toBe(false);
}

beforeAll(async () => {
  sim = await startForgeSim();
  sim.addUser({ login: 'leak-bot' });
  sim.addOrg('acme');
  sim.addRepo({ owner: 'acme', name: 'core', private: true, files: { 'f.txt': 'remote\n' } });
  sim.setCollaborator('acme/core', 'leak-bot', 'write');
  good = sim.addToken('leak-bot', { scopes: ['read:user', 'write:repository'] });
  revoked = sim.addToken('leak-bot', { scopes: ['all'] });
  sim.revokeToken(revoked);
  dir = await mkdtemp(join(tmpdir(), 'credcanary-leaks-'));
  await writeFile(join(dir, 'f.txt'), 'local\n');
  config = join(dir, 'credcanary.yaml');
  const cred = (name: string) => `  ${name}:
    forge: f
    source: { env: ${name} }
    persona: leak-bot
    scopes: [read:user, write:repository]
    repos: [{ repo: acme/core, access: push, branches: [main] }]
    files: [{ repo: acme/core, path: f.txt, local: f.txt }]
`;
  await writeFile(config, `version: 1\nforges: { f: { type: gitea, url: "${sim.url}" } }\npersonas: { leak-bot: { kind: bot } }\ncredentials:\n${cred('GOOD')}${cred('REVOKED')}`);
  env = { GOOD: good, REVOKED: revoked };
});
afterAll(async () => {
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a planted token never leaks', () => {
  it.each(['table', 'json', 'junit', 'markdown', 'github', 'plain'])('--format %s: stdout, stderr (with debug logs), --output file and step summary', async (format) => {
    const summary = join(dir, `summary-${format}.md`);
    const output = join(dir, `report.${format}`);
    const r1 = await runCli(['check', '--config', config, '--format', format, '--log-level', 'debug'], { ...env, GITHUB_STEP_SUMMARY: summary, FORCE_COLOR: '1' });
    expect(r1.stderr).toContain('"msg":"forge request"');
    expect(r1.code).toBe(1);
    expectClean(r1.stdout, 'stdout');
    expectClean(r1.stderr, 'stderr');
    const r2 = await runCli(['check', '--config', config, '--format', format, '--output', output], env);
    expectClean(r2.stdout + r2.stderr, 'output');
    expectClean(await readFile(output, 'utf8'), 'report file');
    if (format === 'github') expectClean(await readFile(summary, 'utf8'), 'step summary');
  });

  it('the forge never receives a token in a URL, and its request log holds none', () => {
    expectClean(JSON.stringify(sim.requests), 'simulator request log');
    expect(sim.requests.some((r) => r.auth === 'query')).toBe(false);
  });

  it('the git child gets the credential only through its environment, never its argv', async () => {
    // Slow the git endpoint down so the git processes live long enough to be seen.
    sim.faults.add({ match: { pathPrefix: '/acme/core.git' }, latencyMs: 300 });
    const seen = new Set<string>();
    let done = false;
    const watch = (async () => {
      while (!done) {
        for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
          try {
            const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
            if (/\bgit\b|git-remote/.test(cmd)) seen.add(cmd);
          } catch {
            // the process ended between readdir and read
          }
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    try {
      const report = await checkInventory(await loadInventory(config), { env });
      expect(report.credentials[0]!.probes.find((p) => p.id === 'git-auth')?.status).toBe('pass');
      expectClean(JSON.stringify(report), 'in-process report');
    } finally {
      done = true;
      await watch;
      sim.faults.clear();
    }
    const pushes = [...seen].filter((c) => c.includes('push') || c.includes('git-remote'));
    expect(pushes.length, 'saw the git push processes').toBeGreaterThan(0);
    for (const cmd of seen) expectClean(cmd, `argv "${cmd}"`);
    for (const cmd of pushes) expect(cmd).not.toMatch(/:\/\/[^/\s]*@/); // no userinfo in any URL
  });

  it('error messages stay clean: a token pasted into the inventory itself is not echoed', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, `version: 1\nforges: { f: { type: gitea, url: "${sim.url}" } }\npersonas: { leak-bot: { kind: bot } }\ncredentials:\n  X: { forge: f, source: { ${good}: 1 }, persona: leak-bot, scopes: [read:user] }\n`);
    const r = await runCli(['check', '--config', bad], env);
    expect(r.code).toBe(2);
    expectClean(r.stdout + r.stderr, 'config error');
  });
});
