import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCAN_SCHEMA, type Finding, type ScanResult } from '../model.js';
import { RULES } from '../rules/index.js';
import { formatJson } from './json.js';
import { jsonPieces, jsonText, lazyArray } from './json-stream.js';
import { formatSarif, toSarif } from './sarif.js';
import { writePieces } from './write-pieces.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'credcanary-json-stream-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const stringified = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

describe('jsonPieces', () => {
  const odd = {
    a: [],
    b: {},
    c: [1, 'two\nlines "quoted"', null, undefined, () => 1, { d: [{ e: { f: [[]] } }] }],
    skipped: undefined,
    fn: () => 2,
    when: new Date(Date.UTC(2026, 0, 2)),
    nested: { deeper: { deepest: ['x', { y: 'z' }] } },
    'key with "quotes"': true,
  };

  it('writes the very text of JSON.stringify(value, null, 2) at every depth', () => {
    for (let depth = 0; depth <= 6; depth++) expect(jsonText(odd, depth)).toBe(stringified(odd));
    for (const value of [[], {}, 'text', 42, null, [[]], [{}]]) expect(jsonText(value, 3)).toBe(stringified(value));
    // Longer arrays are written in several batches, at any nesting.
    const many = { list: Array.from({ length: 600 }, (_, i) => (i % 7 === 0 ? [i, { n: i }] : { i, s: `x${i}` })), deep: [[Array.from({ length: 300 }, (_, i) => i)]] };
    for (let depth = 0; depth <= 4; depth++) expect(jsonText(many, depth)).toBe(stringified(many));
  });

  it('writes a lazy array like an array, drawing each element only when its piece is taken', () => {
    let made = 0;
    const lazy = lazyArray(function* () {
      for (let i = 0; i < 3; i++) {
        made++;
        yield { i, list: [i, i] };
      }
    });
    const pieces = jsonPieces({ head: 1, items: lazy }, 1);
    pieces.next();
    expect(made).toBe(0);
    const rest = [...pieces];
    expect(made).toBe(3);
    expect(rest.length).toBeGreaterThan(3);
    expect(jsonText({ head: 1, items: lazy }, 1)).toBe(stringified({ head: 1, items: [0, 1, 2].map((i) => ({ i, list: [i, i] })) }));
    expect(jsonText(lazyArray(function* () {}), 0)).toBe('[]\n');
  });
});

const finding = (file: string, line: number): Finding => ({ rule: 'curl-no-fail', severity: 'medium', confidence: 'high', file, line, column: 3, message: `m ${line}`, remedy: 'add --fail' });
const sample: ScanResult = {
  schema: SCAN_SCHEMA,
  root: '/r',
  files: [{ path: 'a.yml', kind: 'workflow', status: 'ok' }],
  consumers: [],
  findings: [finding('a.yml', 2), finding('a.yml', 2), finding('b.sh', 5)],
  suppressed: [],
  diagnostics: [{ file: 'c.yml', line: 1, column: 1, message: 'does not parse' }],
  inventory: null,
};

describe('scan outputs in pieces', () => {
  it('JSON and SARIF are the text of the whole document stringified', () => {
    expect(formatJson(sample)).toBe(stringified(sample));
    const options = { rules: RULES, version: '9.9.9', linesOf: (f: string) => (f === 'a.yml' ? ['x', '  curl $U'] : undefined) };
    const sarif = formatSarif(sample, options);
    expect(sarif).toBe(stringified(toSarif(sample, options)));
    // Two findings on the same line keep distinct fingerprints when made lazily.
    expect(sarif.match(/"primaryLocationLineHash": "[0-9a-f]{16}:2"/g)).toHaveLength(1);
  });

  it('writePieces writes every piece in order to a file, across many blocks', async () => {
    const pieces = Array.from({ length: 6000 }, (_, i) => `${i}:${'x'.repeat(i % 500)}\n`); // about 1.5 Mi characters: many blocks
    const file = join(dir, 'out.txt');
    await writePieces(pieces, file);
    expect(await readFile(file, 'utf8')).toBe(pieces.join(''));
    await writePieces(['short'], file);
    expect(await readFile(file, 'utf8')).toBe('short');
  });
});
