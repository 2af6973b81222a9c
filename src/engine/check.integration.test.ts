// Acceptance tests of `credcanary check` as a user runs it: the built CLI against the loopback forge.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, type DemoWorld } from '../demo/scenario.js';
import { startForgeSim, type ForgeSim } from '../sim/index.js';
import { runCli } from '../testing/cli.js';
import type { Report } from '../report/model.js';

let sim: ForgeSim;
let world: DemoWorld;
let dir: string;
let config: string;

beforeAll(async () => {
  sim = await startForgeSim();
  world = seedDemo(sim);
  dir = await mkdtemp(join(tmpdir(), 'credcanary-check-it-'));
  config = join(dir, 'credcanary.yaml');
  await writeFile(config, world.inventory);
  for (const [name, text] of Object.entries(world.files)) await writeFile(join(dir, name), text);
});
afterAll(async () => {
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

async function checkJson(only: string): Promise<{ code: number | null; report: Report; stderr: string }> {
  const r = await runCli(['check', '--config', config, '--only', only, '--format', 'json'], world.env);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

describe('check against the simulator: every failure class, as JSON, with its exit code', () => {
  it('a healthy credential passes every probe and exits 0', async () => {
    const { code, report } = await checkJson('HEALTHY_TOKEN');
    expect(code).toBe(0);
    expect(report.schema).toBe('credcanary.report/v1');
    expect(report.status).toBe('pass');
    const statuses = Object.fromEntries(report.credentials[0]!.probes.map((p) => [`${p.id} ${p.target ?? ''}`.trim(), p.status]));
    expect(statuses).toEqual({
      presence: 'pass',
      identity: 'pass',
      scopes: 'pass',
      'repo-access acme/core': 'pass',
      'branch-push acme/core@staging': 'pass',
      'git-auth acme/core': 'pass',
      'file-drift acme/controlplane:internal/providers/providers.yaml@main': 'pass',
      expiry: 'skipped',
    });
    expect(report.credentials[0]!.last8).toBe(world.env['HEALTHY_TOKEN']!.slice(-8));
    expect(Object.keys(report)).toEqual(['schema', 'status', 'startedAt', 'finishedAt', 'durationMs', 'counts', 'credentials']);
  });

  const failing = () => world.expectations.filter((e) => e.status === 'fail');
  it.each([
    ['ROTATED_TOKEN', 'identity', 'revoked'],
    ['WRONG_PERSONA_TOKEN', 'identity', 'wrong-persona'],
    ['FOUNDER_TOKEN', 'identity', 'forbidden-persona'],
    ['NARROW_SCOPE_TOKEN', 'scopes', 'scope-missing'],
    ['LOST_ACCESS_TOKEN', 'repo-access', 'access-lost'],
    ['PROTECTED_BRANCH_TOKEN', 'branch-push', 'push-denied'],
    ['JUNK_PUBLIC_TOKEN', 'identity', 'revoked'],
    ['MISSING_TOKEN', 'presence', 'missing'],
    ['DRIFT_TOKEN', 'file-drift', 'drift'],
  ])('%s → %s fails with %s, exit 1', async (name, probe, cls) => {
    expect(failing().some((e) => e.credential === name)).toBe(true);
    const { code, report } = await checkJson(name);
    expect(code).toBe(1);
    const v = report.credentials[0]!.probes.find((p) => p.id === probe)!;
    expect(v).toMatchObject({ status: 'fail', class: cls });
    expect(v.summary.length).toBeGreaterThan(20);
    expect(v.remedy).toMatch(/Likely cause: .+ Remedy: /);
  });
});

describe('--format github on Gitea and Forgejo runners', () => {
  it.each(['GITEA_ACTIONS', 'FORGEJO_ACTIONS'])('%s: the plain block goes to the log, no step summary, --output still gets the report', async (runner) => {
    const summary = join(dir, `summary-${runner}.md`);
    const output = join(dir, `report-${runner}.txt`);
    const r = await runCli(['check', '--config', config, '--only', 'ROTATED_TOKEN', '--format', 'github', '--output', output], {
      ...world.env,
      [runner]: 'true',
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^==== credcanary: FAIL/m);
    expect(r.stdout).toContain('FAIL ROTATED_TOKEN identity (revoked)');
    expect(await readFile(output, 'utf8')).toMatch(/^::error title=/m);
    await expect(readFile(summary, 'utf8')).rejects.toThrow(/ENOENT/);
    await expect(readFile(`${output}.txt`, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});

describe('no false green', () => {
  it.each([
    ['gitea 1.26', { flavor: 'gitea' as const }],
    ['gitea 1.22', { flavor: 'gitea' as const, version: '1.22.0' }],
    ['forgejo', { flavor: 'forgejo' as const }],
    ['gitea, basic auth disabled', { flavor: 'gitea' as const, basicAuth: false }],
  ])('a junk or revoked token on a public repository never passes a probe (%s)', async (_label, options) => {
    const forge = await startForgeSim(options);
    const local = await mkdtemp(join(tmpdir(), 'credcanary-fg-'));
    try {
      forge.addUser({ login: 'pub-bot' });
      forge.addRepo({ owner: 'pub-bot', name: 'site', private: false, files: { 'a.txt': 'hello\n' } });
      forge.addRepo({ owner: 'pub-bot', name: 'docs', private: false });
      const revoked = forge.addToken('pub-bot', { scopes: ['all'] });
      forge.revokeToken(revoked);
      await writeFile(join(local, 'a.txt'), 'hello\n');
      const credential = (name: string) => `  ${name}:
    forge: f
    source: { env: ${name} }
    persona: pub-bot
    scopes: [read:user, write:repository]
    repos: [{ repo: pub-bot/site, access: push, branches: [main] }, { repo: pub-bot/docs, access: pull }]
    files: [{ repo: pub-bot/site, path: a.txt, local: a.txt }]
`;
      await writeFile(join(local, 'c.yaml'), `version: 1
forges: { f: { type: ${options.flavor}, url: ${forge.url} } }
personas: { pub-bot: { kind: bot } }
credentials:
${credential('JUNK')}${credential('REVOKED')}${credential('GARBAGE')}`);
      const r = await runCli(['check', '--config', join(local, 'c.yaml'), '--format', 'json'], {
        JUNK: 'f'.repeat(40),
        REVOKED: revoked,
        GARBAGE: 'not-a-token-at-all',
      });
      const report = JSON.parse(r.stdout) as Report;
      expect(r.code).toBe(1);
      for (const c of report.credentials) {
        for (const p of c.probes.filter((v) => v.id !== 'presence')) {
          expect(p.status, `${c.name} ${p.id} ${p.target ?? ''}: ${p.summary}`).not.toBe('pass');
        }
        expect(c.probes.find((p) => p.id === 'identity')).toMatchObject({ status: 'fail', class: 'revoked' });
        expect(c.probes.find((p) => p.id === 'git-auth')).toMatchObject({ status: 'fail', class: 'git-auth-failed' });
      }
    } finally {
      await forge.stop();
      await rm(local, { recursive: true, force: true });
    }
  });

  it('a valid token on a public repository passes because identity proved it, not because the repo is public', async () => {
    const { report } = await checkJson('HEALTHY_TOKEN');
    const identity = report.credentials[0]!.probes.find((p) => p.id === 'identity')!;
    expect(identity.status).toBe('pass');
  });
});

describe('bad input', () => {
  it.each([
    ['bad YAML', 'version: 1\nforges: {\n', /bad\.yaml:\d+:\d+/],
    ['unknown key', 'version: 1\nforges: { f: { type: gitea, url: "http://127.0.0.1:1", token: x } }\n', /bad\.yaml:2:\d+: .*unknown key "token"/],
    ['wrong type', 'version: 1\nforges: { f: { type: gittea, url: "http://127.0.0.1:1" } }\n', /bad\.yaml:2:\d+: .*gittea/],
    ['dangling reference', 'version: 1\nforges: {}\npersonas: { b: { kind: bot } }\ncredentials:\n  T: { forge: nope, source: { env: T }, persona: b, scopes: [read:user] }\n', /bad\.yaml:5:\d+: .*nope/],
  ])('%s exits 2 with file:line:column and no stack trace', async (_label, text, pattern) => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, text);
    const r = await runCli(['check', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
  it('an unknown --only name and an unknown --format exit 2', async () => {
    expect((await runCli(['check', '--config', config, '--only', 'NOPE'])).code).toBe(2);
    const r = await runCli(['check', '--config', config, '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/format/);
  });
  it('a missing inventory exits 2 naming where it looked', async () => {
    const r = await runCli(['check'], {}, { cwd: dir + '/..' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/credcanary\.yaml/);
  });
});
