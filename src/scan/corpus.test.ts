import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, FULL_SWAGGER } from '../testing/shared.js';
import { corpusDir, materializeCorpus, readManifest } from './corpus.js';
import type { ScanResult } from './model.js';
import { setContentMemo } from './process-file.js';
import { scan } from './scanner.js';

const REVIEW = new URL('../../bench/scan-corpus.md', import.meta.url);
const ROW = /^\| \d+ \| ([a-z-]+) \| `([^`]+):(\d+):(\d+)` \| (TP|FP) \| (.+) \|$/;

// Without the shared corpus nothing below is registered; this one skipped test (and one line on stderr)
// says why. The swagger fixture's freshness check (swagger-conformance.test.ts) is reported with it.
if (!CORPUS.available) {
  const also = FULL_SWAGGER.available ? '' : '; the swagger fixture freshness check is skipped too';
  it.skip(`the shared corpus evaluation: ${CORPUS.reason}${also}`, () => {});
  console.warn(`skipped: the shared corpus evaluation: ${CORPUS.reason}${also}`);
}
const describeCorpus = CORPUS.available ? describe : (): void => undefined;

describeCorpus('the shared corpus', () => {
  let dir: string;
  let result: ScanResult;
  let manifest: Awaited<ReturnType<typeof readManifest>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'credcanary-corpus-'));
    manifest = await readManifest(corpusDir());
    await materializeCorpus(corpusDir(), dir);
    result = await scan({ root: dir });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('scans every file without a crash: each one has a result, none failed to parse', () => {
    expect(manifest.length).toBeGreaterThanOrEqual(190);
    const scanned = new Map(result.files.map((f) => [f.path, f.status]));
    const missing = manifest.map((m) => `${m.repo}/${m.path}`).filter((p) => !scanned.has(p));
    expect(missing).toEqual([]);
    expect(result.files.filter((f) => f.status === 'error')).toEqual([]);
    expect(result.consumers.length).toBeGreaterThan(150);
  });

  it('still matches the committed hand-checked review, at a precision of at least 0.9', async () => {
    const rows = (await readFile(REVIEW, 'utf8'))
      .split('\n')
      .map((l) => ROW.exec(l))
      .filter((m): m is RegExpExecArray => m !== null);
    const reviewed = rows.map((m) => `${m[1]} ${m[2]}:${m[3]}:${m[4]}`).sort();
    const current = result.findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column}`).sort();
    // A difference means a rule changed: re-check the changed rows by hand and update bench/scan-corpus.md.
    expect(current).toEqual(reviewed);
    for (const m of rows) expect(m[6]?.trim().length).toBeGreaterThan(10);
    const tp = rows.filter((m) => m[5] === 'TP').length;
    expect(tp / rows.length).toBeGreaterThanOrEqual(0.9);
  });

  it('traces secrets to consumers with file:line, including through env mappings', () => {
    const mirror = result.consumers.find((c) => c.path === 'yonasBSD/forgejo/.forgejo/workflows/mirror.yml');
    expect(mirror?.forges).toEqual(['forgejo']);
    expect(mirror?.triggers.some((t) => t.event === 'schedule' && t.cron === '@daily')).toBe(true);
    expect(mirror?.secrets.find((s) => s.name === 'MIRROR_TOKEN')).toMatchObject({ line: 11, via: 'expression' });
    const viaEnv = result.consumers.flatMap((c) => c.secrets).filter((s) => s.via === 'env');
    expect(viaEnv.length).toBeGreaterThan(20);
  });
});

describeCorpus('the same corpus, every way it can be processed', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'credcanary-corpus-modes-'));
    await materializeCorpus(corpusDir(), dir, 3);
  });
  afterAll(async () => {
    setContentMemo(true);
    await rm(dir, { recursive: true, force: true });
  });

  /** What must not depend on how files were processed. */
  const essence = (r: ScanResult) => ({ files: r.files, consumers: r.consumers, findings: r.findings, suppressed: r.suppressed, diagnostics: r.diagnostics });

  it('gives identical results with the content memo on and off (copies get their own paths)', async () => {
    setContentMemo(true);
    const memo = await scan({ root: dir });
    setContentMemo(false);
    const cold = await scan({ root: dir });
    setContentMemo(true);
    expect(essence(memo)).toEqual(essence(cold));
    const copies = memo.findings.filter((f) => f.file.endsWith('yonasBSD/forgejo/.forgejo/workflows/mirror.yml') && f.line === 11);
    expect(copies.map((f) => f.file.split('/')[0]).sort()).toEqual(['copy-0', 'copy-1', 'copy-2']);
  });

  it('finds the same in every copy made distinct by a trailing comment line (the benchmark tree)', async () => {
    const distinct = await mkdtemp(join(tmpdir(), 'credcanary-corpus-distinct-'));
    try {
      await materializeCorpus(corpusDir(), distinct, 3, true);
      const r = await scan({ root: distinct });
      const of = (copy: string): string[] =>
        r.findings.filter((f) => f.file.startsWith(`${copy}/`)).map((f) => `${f.rule} ${f.file.slice(copy.length)}:${f.line}:${f.column}`);
      expect(of('copy-0').length).toBeGreaterThan(100);
      expect(of('copy-1')).toEqual(of('copy-0'));
      expect(of('copy-2')).toEqual(of('copy-0'));
    } finally {
      await rm(distinct, { recursive: true, force: true });
    }
  });

  it('gives identical results with the read-ahead thread, from the start or never (compiled scanner)', async () => {
    const compiled = fileURLToPath(new URL('../../dist/scan/scanner.js', import.meta.url));
    expect(existsSync(compiled), 'build first: npx tsc -p tsconfig.build.json').toBe(true);
    const mod = (await import(pathToFileURL(compiled).href)) as { scan: typeof scan };
    const always = await mod.scan({ root: dir, readAhead: 'always' });
    const auto = await mod.scan({ root: dir, readAhead: 'auto' });
    const off = await mod.scan({ root: dir, readAhead: 'off' });
    const source = await scan({ root: dir });
    expect(always.files.length).toBeGreaterThan(500);
    expect(essence(always)).toEqual(essence(off));
    expect(essence(auto)).toEqual(essence(off));
    expect(essence(source)).toEqual(essence(off));
  });
});
