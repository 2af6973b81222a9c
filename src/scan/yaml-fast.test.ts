import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir, readManifest } from './corpus.js';
import { parseFast } from './yaml-fast.js';
import { parseWithYaml } from './yaml-full.js';
import { parseYaml, positionOf, scalarLines } from './yaml-source.js';
import { child, items, scalarText } from './yaml-tree.js';

// Shapes real CI files use, and awkward ones: the fast tree must equal the careful one node for node
// (kinds, values, offsets, styles), or the fast path must decline the file.
const SHAPES = [
  'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n          echo ${{ secrets.A }}\n\n          echo b   \n\n      - uses: x@v1\n        with: { a: 1, b: "q" }\n',
  'a:\nb: 1\nc:   # x\n  d: &x y\n  e: *x\n',
  'on: &a push\nk: !reference [.x, script]\nm: !!str 5\n',
  'a: |\n  x  \n\n  y\n\n# c\nb: >-\n  z\nc: |+\n  k\n\nd: |2\n    i\n',
  'k: &d\n  a: 1\nj: !t\n  - 1\n',
  '{a, b: , c: 1}',
  '"q": x\n\'r\': "a\\"b"\n',
  'x: 1.0\ny: 0x1F\nz: 0o17\nw: 010\nv: .inf\nu: -.Inf\nt: .nan\ns: 1e3\nr: ~\nq: Null\np: TRUE\no: yes\nn: on\nm: 2024-01-01\nl: +12\nk: -0.5\nj: 1_000\n',
  'on:\n  push:\n  schedule:\n    - cron: "0 0 * * *"\n    - cron:\n  workflow_dispatch:\ntrue: 1\n1: 2\n',
  'a: plain\n  continued\n  lines\nb: "double\n  quoted"\nc: \'single\n\n  q\'\n',
  'a: [x, [y, z], {p: q}]\nb:\n  [m, n]\nc:\n  {u: v}\n',
  '- a\n- b: c\n  d: e\n- - f\n  - g\n',
  '\ufeffon: push\njobs: {}\n',
  'a: 1\r\nb: |\r\n  x\r\n  y\r\nc: 2\r\n',
  '---\n...\n',
  '',
  '# only a comment\n',
  'a: 1\na: 2\n',
  'x: y # comment\n"k": \'v\'  # c\nrun: echo "a" # b\n',
  'job:\n  script:\n    - [nested, [list]]\n    - !reference [.x, script]\n  <<: *d\n',
  '.d: &d\n  image: x\njob:\n  <<: *d\n  script: echo\n',
  'a:\n  - b\n  -\n    c: d\n',
  'key:    value   \nother: "x"   \n',
  'a: |-\n  one\n  two\nb: >\n  folded\n  text\n\n  para\n',
  '? complex\n: value\n',
  'steps:\n- run: echo\n  if: ${{ always() }}\n- name: x\n',
  'a: !custom\n  b: c\nd: !!map\n  e: f\n',
  'a: |\n  x',
  'a: 1\rb: 2\r',
  'x: &a k: v\n',
  'list:\n  - &s\n    a: 1\n  - *s\n  - !t x\n  - &n "q"\n',
  'a: {}\nb: []\nc: \'it\'\'s\'\nd: a#b\ne: "x: y"\nf: x:y\n',
  'a:\n- b\n- c:\n  - d\n',
  'a: "\\t\\u00e9"\nb: \'x\'\n\t\n',
  'k:\n  # comment\n  v: 1\n  # trailing\n',
  'env:\n  A: ${{ secrets.A }}\n  B: >-\n    ${{\n      secrets.B }}\n',
  '[a, b]\n',
  'plain root\n',
  'a:\n  [x, y]\nb:\n  "q"\nc:\n  *x\n',
  'x: &x 1\ny: { *x : 2 }\n',
  'a: x',
  'a: >+\n  x\n\n',
  'a: 1\n---\nb: [2\n',
  'a: 1\n--- |\n  z\n',
];

describe('the fast YAML path', () => {
  it.each(SHAPES.map((t, i) => [i, t]))('shape %i gives the same tree as the `yaml` package, or declines', (_i, text) => {
    const t = text as string;
    const bom = t.charCodeAt(0) === 0xfeff;
    const fast = parseFast(bom ? t.slice(1) : t);
    const full = parseWithYaml(t, 'x.yml');
    if (process.env['SHOW_DECLINED'] && !fast) process.stdout.write(`declined: ${JSON.stringify(t)}\n`);
    if (!fast) return;
    expect(full.diagnostics).toEqual([]);
    if (bom) return;
    expect(fast.root).toEqual(full.root);
  });

  it('reads nearly every corpus YAML file itself, with exactly the tree `yaml` builds', async () => {
    const dir = corpusDir();
    const files = (await readManifest(dir)).filter((e) => /\.ya?ml$/.test(e.path));
    let declined = 0;
    for (const e of files) {
      const text = await readFile(join(dir, e.file), 'utf8');
      const fast = parseFast(text);
      if (!fast) {
        declined++;
        continue;
      }
      expect(fast.root, e.file).toEqual(parseWithYaml(text, e.file).root);
    }
    expect(files.length).toBeGreaterThan(150);
    expect(declined / files.length).toBeLessThan(0.05);
  });

  it('keeps GitHub\'s `on` a string key and reads block scripts line by line', () => {
    const { source } = parseYaml('on: push\njobs:\n  a:\n    steps:\n      - run: |\n          echo one\n          echo two\n', 'w.yml');
    expect(source).not.toBeNull();
    const root = source?.root;
    expect(scalarText(child(root, 'on'))).toBe('push');
    const run = child(items(child(child(child(root, 'jobs'), 'a'), 'steps'))[0], 'run');
    expect(run && source ? scalarLines(source, run) : []).toEqual([
      { text: 'echo one', line: 6, column: 11 },
      { text: 'echo two', line: 7, column: 11 },
    ]);
  });

  it('reports a file that does not parse with file:line:column', () => {
    const { source, diagnostics } = parseYaml('on: push\njobs:\n  a: [unclosed\n', 'w.yml');
    expect(source).toBeNull();
    expect(diagnostics[0]).toMatchObject({ file: 'w.yml', line: expect.any(Number), column: expect.any(Number) });
    expect(diagnostics[0]?.message).toMatch(/^YAML does not parse/);
  });

  it('keeps positions after a byte-order mark where editors show them', () => {
    const { source } = parseYaml('\ufeffon: push\njobs: {}\n', 'w.yml');
    const full = parseWithYaml('\ufeffon: push\njobs: {}\n', 'w.yml');
    expect(source?.root).toEqual(full.root);
    expect(positionOf(source ?? { root: null, text: '', lineStarts: [0] }, child(source?.root, 'on'))).toEqual({ line: 1, column: 6 });
  });

  it('accepts duplicate keys and reads the first, as GitHub does', () => {
    const { source } = parseYaml('a: 1\na: 2\n', 'w.yml');
    expect(scalarText(child(source?.root, 'a'))).toBe('1');
  });

  it('reads the first document of several, as the `yaml` package does', () => {
    const text = 'on: push\n---\njobs: {}\n';
    const { source, diagnostics } = parseYaml(text, 'w.yml');
    expect(diagnostics).toEqual([]);
    expect(source?.root).toEqual(parseWithYaml(text, 'w.yml').root);
    expect(child(source?.root, 'jobs')).toBeUndefined();
  });
});
