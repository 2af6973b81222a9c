// Issue 9 items 13 and 14 through the built CLI: inputs that used to fail open (an inventory that checks
// nothing, a `__proto__` name, an alias bomb) and output files found unwritable only after the probes ran.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForgeSim, type ForgeSim } from '../sim/index.js';
import { runCli } from '../testing/cli.js';

let sim: ForgeSim;
let dir: string;
let token: string;
let config: string;

const head = (url: string) => `version: 1\nforges: { f: { type: gitea, url: "${url}" } }\npersonas: { ci-bot: { kind: bot } }\n`;

beforeAll(async () => {
  sim = await startForgeSim();
  sim.addUser({ login: 'ci-bot' });
  token = sim.addToken('ci-bot', { scopes: ['read:user'] });
  dir = await mkdtemp(join(tmpdir(), 'credcanary-inputs-'));
  config = join(dir, 'credcanary.yaml');
  await writeFile(config, `${head(sim.url)}credentials:\n  CI_TOKEN: { forge: f, source: { env: CI_TOKEN }, persona: ci-bot, scopes: [read:user] }\n`);
});
afterAll(async () => {
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

async function check(args: string[], env: Record<string, string> = {}) {
  const r = await runCli(['check', ...args], { CI_TOKEN: token, ...env });
  expect(r.stdout + r.stderr).not.toContain(token);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return r;
}

describe('an inventory that would check nothing is a configuration error (item 13)', () => {
  it('no credentials: exit 2, not a green SKIPPED', async () => {
    const file = join(dir, 'empty.yaml');
    await writeFile(file, head(sim.url));
    const r = await check(['--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('defines no credentials: there is nothing to check');
  });

  it('a credential named __proto__ is refused with file:line:col instead of vanishing', async () => {
    const file = join(dir, 'proto.yaml');
    await writeFile(file, `${head(sim.url)}credentials:\n  __proto__: { forge: f, source: { env: CI_TOKEN }, persona: ci-bot, scopes: [read:user] }\n`);
    const r = await check(['--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/proto\.yaml:5:3: credentials\.__proto__: "__proto__" cannot be a name/);
  });

  it('an alias bomb within yaml\'s alias count (one wide list, aliased 99 times) is refused at once', async () => {
    const file = join(dir, 'bomb.yaml');
    const wide = `x0: &a [${Array.from({ length: 5000 }, () => 'lol').join(', ')}]\n`;
    const aliases = `x1: [${Array.from({ length: 99 }, () => '*a').join(', ')}]\n`;
    await writeFile(file, `${head(sim.url)}${wide}${aliases}`);
    const r = await check(['--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bomb\.yaml:5:\d+: the document expands through its aliases to more than 100000 values/);
  });
});

describe('paths that would send the token elsewhere (item 15)', () => {
  it('`.` and `..` segments in repos, branches and files.path are refused with file:line:col; nothing is sent', async () => {
    const before = sim.requests.length;
    const file = join(dir, 'dots.yaml');
    await writeFile(
      file,
      `${head(sim.url)}credentials:\n  CI_TOKEN:\n    forge: f\n    source: { env: CI_TOKEN }\n    persona: ci-bot\n    scopes: [read:user]\n` +
        `    repos: [{ repo: "acme/..", access: push, branches: ["../../admin/users"] }]\n` +
        `    files: [{ repo: acme/core, path: "docs/./../../x", local: x }]\n`,
    );
    const r = await check(['--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dots\.yaml:10:21: credentials\.CI_TOKEN\.repos\[0\]\.repo: no "\." or "\.\." path segment/);
    expect(r.stderr).toMatch(/dots\.yaml:10:57: credentials\.CI_TOKEN\.repos\[0\]\.branches\[0\]: no "\." or "\.\." path segment/);
    expect(r.stderr).toMatch(/dots\.yaml:11:38: credentials\.CI_TOKEN\.files\[0\]\.path: no "\." or "\.\." path segment/);
    expect(sim.requests.length).toBe(before);
  });

  it('every segment is encoded: `?`, `#` and `%2e%2e` in a name reach the forge inside their own segment', async () => {
    sim.addOrg('acme');
    sim.addRepo({ owner: 'acme', name: 'core', private: true });
    sim.setCollaborator('acme/core', 'ci-bot', 'read');
    const file = join(dir, 'odd.yaml');
    await writeFile(
      file,
      `${head(sim.url)}credentials:\n  CI_TOKEN:\n    forge: f\n    source: { env: CI_TOKEN }\n    persona: ci-bot\n    scopes: [read:user]\n` +
        `    files: [{ repo: acme/core, path: "%2e%2e/%2e%2e/admin/users?x#y", local: x }]\n`,
    );
    await writeFile(join(dir, 'x'), 'x\n');
    const before = sim.requests.length;
    await check(['--config', file]);
    const paths = sim.requests.slice(before).map((q) => q.path);
    expect(paths).toContain('/api/v1/repos/acme/core/raw/%252e%252e/%252e%252e/admin/users%3Fx%23y');
  });
});

describe('output files are checked before any probe runs (item 14)', () => {
  it.each([
    ['--output', ['--output', 'OUT']],
    ['--junit', ['--junit', 'OUT']],
  ])('an unwritable %s: exit 2 naming that flag, and the forge saw no request', async (flag, args) => {
    const before = sim.requests.length;
    const target = join(dir, 'no-such-folder', 'report.txt');
    const r = await check(['--config', config, ...args.map((a) => (a === 'OUT' ? target : a))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${flag} ${target}: its folder does not exist`);
    expect(r.stderr).not.toContain(flag === '--junit' ? 'for --output' : 'for --junit');
    expect(sim.requests.length).toBe(before);
  });

  it('a directory given as --junit is named as such', async () => {
    const r = await check(['--config', config, '--junit', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--junit ${dir}: it is a directory`);
  });

  it('an unwritable GITHUB_STEP_SUMMARY is a warning: a pass stays exit 0, a fail stays exit 1', async () => {
    const summary = join(dir, 'missing-folder', 'summary.md');
    const pass = await check(['--config', config, '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(pass.code).toBe(0);
    expect(pass.stderr).toContain(`warning: cannot write the step summary to $GITHUB_STEP_SUMMARY (${summary}): its folder does not exist`);
    const fail = await check(['--config', config, '--format', 'github'], { GITHUB_STEP_SUMMARY: summary, CI_TOKEN: '' });
    expect(fail.code).toBe(1);
    expect(fail.stderr).toContain('warning: cannot write the step summary');
  });

  it('a report never replaces the inventory, nor do --output and --junit share a file; the inventory is untouched', async () => {
    const { readFile, symlink } = await import('node:fs/promises');
    const original = await readFile(config, 'utf8');
    const link = join(dir, 'link.yaml');
    await rm(link, { force: true });
    await symlink(config, link);
    const before = sim.requests.length;
    for (const args of [['--output', config], ['--junit', link], ['--format', 'json', '--output', config]]) {
      const r = await check(['--config', config, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`${args[args.length - 2]} ${args[args.length - 1]}: it is the inventory, which the report would replace`);
    }
    const same = join(dir, 'same.xml');
    const twice = await check(['--config', config, '--output', same, '--junit', same]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain(`--junit ${same}: --output already writes there`);
    const gate = await runCli(['gate', 'CI_TOKEN', '--config', config, '--junit', config], { CI_TOKEN: token });
    expect(gate.code).toBe(2);
    expect(gate.stderr).toContain('it is the inventory');
    expect(await readFile(config, 'utf8')).toBe(original);
    expect(sim.requests.length).toBe(before);
    await rm(link, { force: true });
  });

  it('the writability check leaves no file behind', async () => {
    const out = join(dir, 'ok');
    await rm(out, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(out));
    const r = await check(['--config', config, '--output', join(out, 'r.txt'), '--junit', join(out, 'r.xml')]);
    expect(r.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['r.txt', 'r.xml']);
  });
});
