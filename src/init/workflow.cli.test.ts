import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.js';

// `init workflow` through the CLI: vendoring the bundle, --install, and where the file goes.

const BIN = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const BUNDLE = fileURLToPath(new URL('../../dist/credcanary.mjs', import.meta.url));
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const COMMIT = 'fedcba9876543210fedcba9876543210fedcba98';
let dir: string;

function init(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'init', 'workflow', '--credential', 'AUTO_SYNC_TOKEN', ...args], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const read = (path: string): string => readFileSync(join(dir, path), 'utf8');
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

beforeEach(() => {
  dir = tempDir('credcanary-initwf-');
});

describe('init workflow: the vendored bundle', () => {
  it('is the built bundle, pinned by its SHA-256 in the workflow; running it again keeps it', () => {
    expect(init('--forge', 'github').code).toBe(0);
    const bundle = readFileSync(join(dir, '.credcanary/credcanary.mjs'));
    expect(bundle.equals(readFileSync(BUNDLE))).toBe(true);
    expect(read('.github/workflows/credcanary.yml')).toContain(`echo "${sha256(bundle)}  .credcanary/credcanary.mjs" | sha256sum -c`);
    const again = init('--forge', 'github', '--output', 'second.yml');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('kept (identical) .credcanary/credcanary.mjs');
  });

  it('runs on its own: --version from a folder with no package.json or node_modules', () => {
    expect(init('--forge', 'github').code).toBe(0);
    const r = spawnSync(process.execPath, ['.credcanary/credcanary.mjs', '--version'], { cwd: dir, encoding: 'utf8', env: { PATH: '/nonexistent' } });
    expect(r.stdout).toBe(`${VERSION}\n`);
  });

  it('another build in its place is not replaced without --force, and then nothing at all is written', () => {
    mkdirSync(join(dir, '.credcanary'));
    writeFileSync(join(dir, '.credcanary/credcanary.mjs'), '// an older build\n');
    const refused = init('--forge', 'github');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('.credcanary/credcanary.mjs already exists and is another build of credcanary');
    expect(existsSync(join(dir, '.github'))).toBe(false);
    expect(read('.credcanary/credcanary.mjs')).toBe('// an older build\n');
    expect(init('--forge', 'github', '--force').code).toBe(0);
    expect(readFileSync(join(dir, '.credcanary/credcanary.mjs')).equals(readFileSync(BUNDLE))).toBe(true);
  });

  it('an existing workflow stops the run before the bundle is written', () => {
    mkdirSync(join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(join(dir, '.github/workflows/credcanary.yml'), 'mine\n');
    const refused = init('--forge', 'github');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('already exists; not overwriting it');
    expect(existsSync(join(dir, '.credcanary'))).toBe(false);
  });

  it('warns when git would ignore it, or when run below the repository top folder', () => {
    spawnSync('git', ['init', '-q', dir]);
    const quiet = init('--forge', 'github', '--output', 'a.yml');
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain('warning');
    writeFileSync(join(dir, '.gitignore'), '.credcanary/\n');
    const ignored = init('--forge', 'github', '--output', 'b.yml');
    expect(ignored.code).toBe(0);
    expect(ignored.stderr).toContain('warning: git ignores .credcanary/credcanary.mjs here');
    const top = dir;
    dir = join(top, 'sub');
    mkdirSync(dir);
    const below = init('--forge', 'github');
    expect(below.stderr).toContain("warning: this is not the repository's top folder");
  });
});

describe('init workflow --install', () => {
  it.each([
    [['npm'], `npx --yes credcanary@${VERSION} gate AUTO_SYNC_TOKEN`],
    [['npm@3.1.4'], 'npx --yes credcanary@3.1.4 gate AUTO_SYNC_TOKEN'],
    [[`git+https://git.example.com/ops/credcanary.git#${COMMIT}`], `npx --yes --package=git+https://git.example.com/ops/credcanary.git#${COMMIT} credcanary gate AUTO_SYNC_TOKEN`],
  ])('%j: the steps run that package and nothing is vendored', ([install], gate) => {
    const r = init('--forge', 'github', '--install', install ?? '');
    expect(r.code, r.stderr).toBe(0);
    expect(read('.github/workflows/credcanary.yml')).toContain(`run: ${gate}`);
    expect(existsSync(join(dir, '.credcanary'))).toBe(false);
  });

  it('a git source must name a commit (exit 2, nothing written)', () => {
    const r = init('--forge', 'github', '--install', 'git+https://git.example.com/ops/credcanary.git#main');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a git source must name a full commit');
    expect(existsSync(join(dir, '.github'))).toBe(false);
  });
});

describe('init workflow: the folder the forge reads', () => {
  it('--forge gitea in a repository with only .github/workflows writes there, and says why', () => {
    mkdirSync(join(dir, '.github/workflows'), { recursive: true });
    writeFileSync(join(dir, '.github/workflows/ci.yml'), 'on: push\njobs: {}\n');
    const r = init('--forge', 'gitea');
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, '.gitea'))).toBe(false);
    expect(read('.github/workflows/credcanary.yml')).toContain('check --format plain');
    expect(r.stderr).toContain('Gitea reads .github/workflows in this repository (.gitea/workflows does not exist; creating it would make Gitea ignore every workflow in .github/workflows)');
  });

  it('--dir overrides; --dir with --output is a usage error', () => {
    mkdirSync(join(dir, '.github/workflows'), { recursive: true });
    expect(init('--forge', 'gitea', '--dir', '.gitea/workflows').code).toBe(0);
    expect(existsSync(join(dir, '.gitea/workflows/credcanary.yml'))).toBe(true);
    const both = init('--forge', 'gitea', '--dir', 'x', '--output', 'y.yml');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('pass either --dir or --output');
  });

  it('--runs-on sets the label the header asks to match', () => {
    expect(init('--forge', 'forgejo', '--runs-on', 'docker').code).toBe(0);
    const text = read('.forgejo/workflows/credcanary.yml');
    expect(text).toContain('    runs-on: docker\n');
    expect(text).toContain('# runs-on: "docker" must be a label your runner was registered with');
  });
});
