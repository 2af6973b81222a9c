import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { starterConfig } from './config.js';

const BIN = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const TOKEN = 'init-test-token-0f3b9d27e1aa';
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
let root: string;
let dir: string;

function init(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, 'init', ...args], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, AUTO_SYNC_TOKEN: TOKEN, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(r.stdout + r.stderr).not.toContain(TOKEN);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build first with npx tsc -p tsconfig.build.json`);
  root = mkdtempSync(join(tmpdir(), 'credcanary-init-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
beforeEach(() => {
  dir = join(root, String(n++));
  mkdirSync(dir);
});

describe('credcanary init workflow (CLI)', () => {
  it.each([
    ['gitea', '.gitea/workflows/credcanary.yml'],
    ['forgejo', '.forgejo/workflows/credcanary.yml'],
    ['github', '.github/workflows/credcanary.yml'],
    ['gitlab', '.gitlab-ci.yml'],
  ])('--forge %s writes %s running the vendored bundle, and never the token', (forge, path) => {
    const r = init(['workflow', '--forge', forge, '--credential', 'AUTO_SYNC_TOKEN']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`wrote ${join(dir, path)}`);
    expect(r.stderr).toContain(`wrote .credcanary/credcanary.mjs (credcanary ${VERSION}, sha256 `);
    const text = readFileSync(join(dir, path), 'utf8');
    expect(text).toContain('node .credcanary/credcanary.mjs gate');
    expect(existsSync(join(dir, '.credcanary/credcanary.mjs'))).toBe(true);
    expect(text).not.toContain(TOKEN);
    expect(() => parse(text)).not.toThrow();
  });

  it('refuses to overwrite without --force (exit 2), overwrites with it', () => {
    const path = join(dir, '.github/workflows/credcanary.yml');
    mkdirSync(join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(path, 'mine\n');
    const refused = init(['workflow', '--forge', 'github', '--credential', 'AUTO_SYNC_TOKEN']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('.github/workflows/credcanary.yml already exists; not overwriting it');
    expect(readFileSync(path, 'utf8')).toBe('mine\n');
    expect(init(['workflow', '--forge', 'github', '--credential', 'AUTO_SYNC_TOKEN', '--force']).code).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('credcanary');
  });

  it('--output - prints the workflow; --cron is used as given', () => {
    const r = init(['workflow', '--forge', 'gitea', '--credential', 'A_TOKEN', '--credential', 'B_TOKEN', '--cron', '7 */2 * * *', '--output', '-']);
    expect(r.code).toBe(0);
    const doc = parse(r.stdout) as { on: { schedule: { cron: string }[] } };
    expect(doc.on.schedule[0]?.cron).toBe('7 */2 * * *');
    expect(r.stdout).toContain('gate A_TOKEN B_TOKEN');
    expect(existsSync(join(dir, '.gitea'))).toBe(false);
  });

  it('takes credentials and their extra secrets from ./credcanary.yaml', () => {
    const inv = starterConfig({ credentials: ['AUTO_SYNC_TOKEN'] }).replace(
      '    # password: { env: CI_BOT_PASSWORD }',
      '    password: { env: BOT_PASSWORD }',
    );
    writeFileSync(join(dir, 'credcanary.yaml'), inv);
    const r = init(['workflow', '--forge', 'github', '--output', '-']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('check --format github --only AUTO_SYNC_TOKEN');
    expect(r.stdout).toContain('BOT_PASSWORD: ${{ secrets.BOT_PASSWORD }}');
  });

  it('gates the env secret a credential is read from, and checks the credential by its own name', () => {
    const inv = starterConfig({ credentials: ['ops.cron-token'] }).replace('source: { env: TOKEN }', 'source: { env: OPS_TOKEN }');
    writeFileSync(join(dir, 'credcanary.yaml'), inv);
    const r = init(['workflow', '--forge', 'forgejo', '--output', '-']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('gate OPS_TOKEN');
    expect(r.stdout).toContain('check --format plain --only ops.cron-token');
    expect(r.stdout).toContain('OPS_TOKEN: ${{ secrets.OPS_TOKEN }}');
    const unknown = init(['workflow', '--forge', 'forgejo', '--credential', 'NOPE', '--output', '-']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--credential NOPE not in');
  });

  it.each([
    [['workflow', '--credential', 'X'], '--forge is required'],
    [['workflow', '--forge', 'bitbucket', '--credential', 'X'], 'unknown --forge "bitbucket"'],
    [['workflow', '--forge', 'github'], 'no credentials to check'],
    [['workflow', '--forge', 'github', '--credential', 'X', '--cron', '0 0 * * * *'], 'has 6 fields'],
    [['workflow', '--forge', 'github', '--credential', 'GITHUB_TOKEN'], 'github reserves secret names starting with GITHUB_'],
  ])('%j exits 2: %s', (args, message) => {
    const r = init(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('credcanary init config (CLI)', () => {
  it('writes credcanary.yaml that `check` would accept, refuses to overwrite it', () => {
    const first = init(['config', '--credential', 'AUTO_SYNC_TOKEN', '--forge', 'forgejo']);
    expect(first.code).toBe(0);
    const text = readFileSync(join(dir, 'credcanary.yaml'), 'utf8');
    expect(text).toContain('type: forgejo');
    expect(text).toContain('.forgejo/workflows/credcanary.yml');
    const again = init(['config']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('credcanary.yaml already exists');
  });

  it('--from-scan DIR drafts the inventory from the consumers the scanner finds', () => {
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, '.gitea/workflows'), { recursive: true });
    writeFileSync(
      join(repo, '.gitea/workflows/sync.yml'),
      'on:\n  schedule:\n    - cron: "17 */6 * * *"\njobs:\n  sync:\n    runs-on: ubuntu-latest\n    steps:\n      - env:\n          AUTO_SYNC_TOKEN: ${{ secrets.AUTO_SYNC_TOKEN }}\n        run: ./sync.sh\n',
    );
    const r = init(['config', '--from-scan', repo, '--output', '-']);
    expect(r.code, r.stderr).toBe(0);
    expect(() => parse(r.stdout)).not.toThrow();
    expect(r.stdout).toContain('AUTO_SYNC_TOKEN');
    expect(existsSync(join(dir, 'credcanary.yaml'))).toBe(false);
  });
});
