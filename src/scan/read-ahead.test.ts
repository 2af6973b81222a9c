import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Discovered } from './discover.js';
import type { walkAndRead as WalkAndRead } from './read-ahead.js';
import { MAX_BYTES, type FileRead } from './read-file.js';

// The read-ahead thread runs the compiled worker module, so these tests use the build (test/global-setup.ts).
/** A file's text, or why it has none, as one string to compare. */
function whatWasRead(read: FileRead): string {
  return 'text' in read ? read.text : 'error' in read ? `error ${read.error}` : `too large ${read.tooLarge}`;
}

const compiled = fileURLToPath(new URL('../../dist/scan/read-ahead.js', import.meta.url));

/** What a walk handed over, per path: the text read, or why there is none. */
async function collect(walk: typeof WalkAndRead, root: string, mode: 'auto' | 'off' | 'always') {
  const seen = new Map<string, string>();
  const result = await walk(root, mode, (file: Discovered, read: FileRead) => {
    seen.set(file.path, whatWasRead(read));
  });
  return { seen, result };
}

describe('reading the tree on a second thread', () => {
  let walk: typeof WalkAndRead;
  let big: string;
  let small: string;
  beforeAll(async () => {
    expect(existsSync(compiled), 'build first: npx tsc -p tsconfig.build.json').toBe(true);
    walk = ((await import(pathToFileURL(compiled).href)) as { walkAndRead: typeof WalkAndRead }).walkAndRead;
    big = await mkdtemp(join(tmpdir(), 'credcanary-read-ahead-'));
    // 400 repositories: more folders than the scanning thread walks before it starts the other one (with
    // `auto` it then walks on until that thread is up, which on a fast machine may be the whole tree).
    for (let r = 0; r < 400; r++) {
      const wf = join(big, `org/repo-${r}/.github/workflows`);
      mkdirSync(wf, { recursive: true });
      writeFileSync(join(wf, 'ci.yml'), `on: push\njobs: {} # ${r}\n`);
      writeFileSync(join(big, `org/repo-${r}/README.md`), 'not read');
    }
    mkdirSync(join(big, 'org/repo-7/.gitea/workflows'), { recursive: true });
    writeFileSync(join(big, 'org/repo-7/.gitea/workflows/x.yml'), 'on: push\njobs: {}\n');
    writeFileSync(join(big, 'org/repo-3/deploy.sh'), Buffer.alloc(MAX_BYTES + 1, 0x61));
    writeFileSync(join(big, 'org/repo-5/secret.sh'), 'echo\n');
    chmodSync(join(big, 'org/repo-5/secret.sh'), 0o000);
    small = await mkdtemp(join(tmpdir(), 'credcanary-read-ahead-small-'));
    mkdirSync(join(small, '.github/workflows'), { recursive: true });
    writeFileSync(join(small, '.github/workflows/ci.yml'), 'on: push\njobs: {}\n');
  });
  afterAll(async () => {
    await rm(big, { recursive: true, force: true });
    await rm(small, { recursive: true, force: true });
  });

  it('hands over exactly what the walk on one thread finds, with the same bytes', async () => {
    const off = await collect(walk, big, 'off');
    const auto = await collect(walk, big, 'auto');
    const always = await collect(walk, big, 'always');
    expect(off.result.threaded).toBe(false);
    expect(always.result.threaded).toBe(true);
    expect(off.seen.size).toBe(403);
    expect(off.seen.get('org/repo-42/.github/workflows/ci.yml')).toBe('on: push\njobs: {} # 42\n');
    expect(off.seen.get('org/repo-3/deploy.sh')).toBe(`too large ${MAX_BYTES + 1}`);
    for (const other of [auto, always]) {
      expect(Object.fromEntries(other.seen)).toEqual(Object.fromEntries(off.seen));
      expect([...other.result.tree].sort()).toEqual([...off.result.tree].sort());
      expect(other.result.files.map((f) => [f.path, f.kind, f.forges, f.notes])).toEqual(off.result.files.map((f) => [f.path, f.kind, f.forges, f.notes]));
    }
    // Forges come from the whole walk: repo-7's .gitea folder hides its .github folder from Gitea and Forgejo.
    expect(always.result.files.find((f) => f.path === 'org/repo-7/.github/workflows/ci.yml')?.forges).toEqual(['github']);
    expect(always.result.files.find((f) => f.path === 'org/repo-8/.github/workflows/ci.yml')?.forges).toEqual(['github', 'gitea', 'forgejo']);
  });

  it('finishes the walk on this thread when the read-ahead thread fails, delivering every file once', async () => {
    const off = await collect(walk, big, 'off');
    const dir = await mkdtemp(join(tmpdir(), 'credcanary-read-ahead-broken-'));
    try {
      // One that dies at once, and one that delivers a first batch and then dies.
      const dies = join(dir, 'dies.mjs');
      writeFileSync(dies, "throw new Error('boom');\n");
      const real = pathToFileURL(fileURLToPath(new URL('../../dist/scan/read-ahead-worker.js', import.meta.url))).href;
      const partly = join(dir, 'partly.mjs');
      writeFileSync(partly, `import { parentPort } from 'node:worker_threads';\nconst post = parentPort.postMessage.bind(parentPort);\nlet n = 0;\nparentPort.postMessage = (m, t) => { if (n++ === 1) process.exit(7); post(m, t); };\nawait import(${JSON.stringify(real)});\n`);
      for (const module of [dies, partly]) {
        const seen = new Map<string, string>();
        const counts = new Map<string, number>();
        const result = await walk(
          big,
          'always',
          (file: Discovered, read: FileRead) => {
            counts.set(file.path, (counts.get(file.path) ?? 0) + 1);
            seen.set(file.path, whatWasRead(read));
          },
          pathToFileURL(module),
        );
        expect(Object.fromEntries(seen), module).toEqual(Object.fromEntries(off.seen));
        expect([...counts.values()].every((n) => n === 1), module).toBe(true);
        expect(result.files.length).toBe(off.result.files.length);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('hands over what this thread found but had not read yet, when the thread is up before the walk ends', async () => {
    const off = await collect(walk, big, 'off');
    const counts = new Map<string, number>();
    const seen = new Map<string, string>();
    // A slow analysis: the thread is up long before this one has read what its first folders hold.
    const result = await walk(big, 'auto', (file: Discovered, read: FileRead) => {
      const until = performance.now() + 1;
      while (performance.now() < until);
      counts.set(file.path, (counts.get(file.path) ?? 0) + 1);
      seen.set(file.path, whatWasRead(read));
    });
    expect(result.threaded).toBe(true);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(off.seen));
  });

  it('does not start the thread for a small tree', async () => {
    const { result, seen } = await collect(walk, small, 'auto');
    expect(result.threaded).toBe(false);
    expect([...seen.keys()]).toEqual(['.github/workflows/ci.yml']);
  });

  it('refuses a root that is not a folder, rather than reporting an empty tree', async () => {
    await expect(collect(walk, join(small, 'missing'), 'always')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
