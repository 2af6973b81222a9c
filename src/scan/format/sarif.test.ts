import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../model.js';
import { RULES } from '../rules/index.js';
import { scan } from '../scanner.js';
import { splitLines } from '../text.js';
import { toSarif } from './sarif.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
// The official OASIS SARIF 2.1.0 schema (draft-07), committed unchanged; fixtures/README.md gives its source and licence.
const schema = JSON.parse(readFileSync(new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as Record<string, unknown>;

let root: string;
let result: ScanResult;
const put = async (path: string, text: string): Promise<void> => {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), text);
};
const sarifOf = (r: ScanResult) =>
  toSarif(r, { rules: RULES, version: '0.1.0', linesOf: (f) => splitLines(readFileSync(join(root, f), 'utf8')) }) as {
    runs: { tool: { driver: { rules: Record<string, unknown>[] } }; results: { ruleId: string; partialFingerprints: Record<string, string>; locations: unknown[] }[] }[];
  };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'credcanary-sarif-'));
  await put('.github/workflows/mirror.yml', `on:
  schedule: [{ cron: "0 3 * * *" }]
jobs:
  a:
    uses: ./.github/workflows/lib.yml
    secrets: inherit
  b:
    runs-on: x
    steps:
      - env: { T: "\${{ secrets.MIRROR_TOKEN }}" }
        continue-on-error: true
        run: |
          [ -z "$T" ] && exit 0
          git push "https://x:$T@h.example/a b.git"
          git push "https://x:$T@h.example/a b.git"
`);
  await put('ops/bad.yml', 'on: push\njobs: [\n');
  result = await scan({ root, paths: [join(root, '.github'), join(root, 'ops/bad.yml')] });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('SARIF output', () => {
  it('validates against the official SARIF 2.1.0 JSON schema', () => {
    expect(result.findings.length).toBeGreaterThanOrEqual(4);
    expect(result.diagnostics.length).toBe(1);
    const ajv = addFormats(new Ajv({ strict: false, allErrors: true, validateSchema: false }));
    const validate = ajv.compile(schema);
    const log = sarifOf(result);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // A broken document must fail the same validator (the test can fail).
    expect(validate({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false);
  });

  it('has what GitHub code scanning needs: rule help, security-severity, fingerprints, repo-relative URIs', () => {
    const run = sarifOf(result).runs[0];
    expect(run?.tool.driver.rules.map((r) => r['id'])).toEqual(RULES.map((r) => r.id));
    for (const rule of run?.tool.driver.rules ?? []) {
      expect(rule).toMatchObject({ shortDescription: { text: expect.any(String) }, fullDescription: { text: expect.any(String) }, help: { text: expect.any(String) } });
      expect(Number((rule['properties'] as Record<string, string>)['security-severity'])).toBeGreaterThan(0);
    }
    const hashes = run?.results.map((r) => r.partialFingerprints['primaryLocationLineHash']) ?? [];
    expect(hashes.every((h) => /^[0-9a-f]{16}:\d+$/.test(h ?? ''))).toBe(true);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(JSON.stringify(run?.results)).toContain('"uri":".github/workflows/mirror.yml"');
  });

  it('keeps fingerprints stable when unrelated lines move', async () => {
    const before = sarifOf(result).runs[0]?.results.map((r) => r.partialFingerprints['primaryLocationLineHash']);
    const text = readFileSync(join(root, '.github/workflows/mirror.yml'), 'utf8');
    await put('.github/workflows/mirror.yml', `# a new comment line\n${text}`);
    const moved = await scan({ root, paths: [join(root, '.github')] });
    expect(sarifOf(moved).runs[0]?.results.map((r) => r.partialFingerprints['primaryLocationLineHash'])).toEqual(before);
  });
});
