import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plainTree } from '../testing/yaml-plain.js';
import { YAML_SHAPES as SHAPES } from '../testing/yaml-shapes.js';
import { corpusDir, readManifest } from './corpus.js';
import { parseFast } from './yaml-fast.js';
import { parseWithYaml } from './yaml-full.js';
import { parseYaml, positionOf, scalarLines } from './yaml-source.js';
import { child, items, scalarText } from './yaml-tree.js';


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
    expect(plainTree(source?.root)).toEqual(full.root);
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
    expect(plainTree(source?.root)).toEqual(parseWithYaml(text, 'w.yml').root);
    expect(child(source?.root, 'jobs')).toBeUndefined();
  });
});
