import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `credcanary scan` end to end through the built CLI (npx tsc -p tsconfig.build.json first).

const BIN = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const PLANTED = 'planted-secret-value-5b1f0e9c77aa';
let dir: string;

function put(path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

function cli(args: string[], cwd = dir): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'scan', ...args], { cwd, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: cwd, NO_COLOR: '1' }, encoding: 'utf8', timeout: 20_000 });
  // A value found in a scanned file is never printed, whatever the format or outcome.
  expect(r.stdout + r.stderr).not.toContain(PLANTED);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'credcanary-scan-cli-'));
  put('.gitea/workflows/sync.yml', `on:
  schedule: [{ cron: "17 */6 * * *" }]
jobs:
  sync:
    runs-on: x
    steps:
      - env: { AUTO_SYNC_TOKEN: "\${{ secrets.AUTO_SYNC_TOKEN }}" }
        run: |
          [ -z "$AUTO_SYNC_TOKEN" ] && exit 0
          curl -H "Authorization: token $AUTO_SYNC_TOKEN" https://git.example.com/api/v1/user
`);
  put('ops/crontab', `GITEA_TOKEN=${PLANTED}\n*/5 * * * * git push https://bot:$GITEA_TOKEN@git.example.com/a/b.git\n`);
  put('ops/app.env', `DEPLOY_TOKEN=${PLANTED}\n`);
  put('ops/deploy.sh', `#!/bin/sh\n. ./app.env\ncurl -f -H "Authorization: token $DEPLOY_TOKEN" https://h/api # ${PLANTED}\n`);
  mkdirSync(join(dir, 'broken'));
  put('broken/.github/workflows/x.yml', 'on: push\njobs: [\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('credcanary scan (CLI)', () => {
  it('prints a table grouped by file and exits 1 on a high finding', () => {
    const r = cli(['.gitea', 'ops']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\.gitea\/workflows\/sync\.yml\n {2}9:\d+ +high +when AUTO_SYNC_TOKEN is empty/m);
    expect(r.stdout).toContain('ops/crontab\n');
    expect(r.stdout).toMatch(/\d+ findings \(.*high.*\) in 3 files/);
  });

  it('honours --fail-on', () => {
    expect(cli(['.gitea', 'ops', '--fail-on', 'critical']).code).toBe(0);
    expect(cli(['.gitea', 'ops', '--fail-on', 'never']).code).toBe(0);
    expect(cli(['.gitea', 'ops', '--fail-on', 'medium']).code).toBe(1);
  });

  it('writes credcanary.scan/v1 JSON with consumers and findings', () => {
    const r = cli(['.gitea', 'ops', '--format', 'json', '--fail-on', 'never']);
    const doc = JSON.parse(r.stdout) as { schema: string; consumers: { path: string; secrets: { name: string }[] }[]; findings: { rule: string }[] };
    expect(doc.schema).toBe('credcanary.scan/v1');
    expect(doc.consumers.find((c) => c.path === 'ops/deploy.sh')?.secrets.map((s) => s.name)).toContain('DEPLOY_TOKEN');
    expect(doc.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['fail-open-missing-secret', 'curl-no-fail', 'token-in-url']));
  });

  it('writes GitHub annotations with escaped properties, and SARIF', () => {
    const gh = cli(['.gitea', 'ops', '--format', 'github', '--fail-on', 'never']).stdout.trim().split('\n');
    expect(gh[0]).toMatch(/^::error file=\.gitea\/workflows\/sync\.yml,line=9,col=\d+,title=credcanary fail-open-missing-secret \(high\)::when AUTO_SYNC_TOKEN/);
    expect(gh.every((l) => l.startsWith('::'))).toBe(true);
    const sarif = JSON.parse(cli(['.gitea', 'ops', '--format', 'sarif', '--fail-on', 'never']).stdout) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.length).toBeGreaterThan(2);
  });

  it('exits 3 when nothing fails but a file could not be parsed, and says where', () => {
    const r = cli(['--root', 'broken']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/\.github\/workflows\/x\.yml:\d+:\d+: YAML does not parse/);
  });

  it('exits 2 with a clear message on usage errors', () => {
    const format = cli(['--format', 'xml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('xml');
    expect(cli(['--fail-on', 'severe']).code).toBe(2);
    const missing = cli(['no-such-dir']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file or folder');
    expect(missing.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(cli(['--config', 'nope.yaml']).code).toBe(2);
    const root = cli(['--root', 'no-such-root']);
    expect(root.code).toBe(2);
    expect(root.stderr).toContain('no-such-root');
  });

  it('never writes its report over a file it read: a scanned workflow or the inventory (exit 2, file untouched)', () => {
    const workflow = '.gitea/workflows/sync.yml';
    const before = readFileSync(join(dir, workflow), 'utf8');
    const over = cli(['--format', 'json', '--output', workflow]);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain(`--output ${workflow}: it is a scanned file (${workflow}), which the report would replace`);
    expect(readFileSync(join(dir, workflow), 'utf8')).toBe(before);
    put('inv/credcanary.yaml', 'version: 1\nforges: {}\n');
    const inventory = cli(['--config', 'inv/credcanary.yaml', '--output', './inv/../inv/credcanary.yaml']);
    expect(inventory.code).toBe(2);
    expect(inventory.stderr).toContain('it is the inventory, which the report would replace');
    expect(readFileSync(join(dir, 'inv/credcanary.yaml'), 'utf8')).toBe('version: 1\nforges: {}\n');
    rmSync(join(dir, 'inv'), { recursive: true, force: true });
  });
});
