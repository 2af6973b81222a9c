import { describe, expect, it } from 'vitest';
import { plainTree } from '../testing/yaml-plain.js';
import { parseWithYaml } from './yaml-full.js';
import { parseYaml, positionOf, scalarLines } from './yaml-source.js';
import { child, items, scalarText } from './yaml-tree.js';

// parseYaml: the block parser where it can, `yaml` for the rest, the same tree and positions either way.
describe('parsing YAML with positions', () => {
  it('reads a file the block parser declines with `yaml`, into the same kind of tree', () => {
    const text = 'a:\tb\nc: [x, y]\n';
    const { source, diagnostics } = parseYaml(text, 'w.yml');
    expect(diagnostics).toEqual([]);
    expect(plainTree(source?.root)).toEqual(parseWithYaml(text, 'w.yml').root);
  });

  it('reports a file `yaml` rejects, even one a more lenient parser would read', () => {
    // An unclosed quote whose closing line is not indented: js-yaml reads it, `yaml` (like GitHub) does not.
    const { source, diagnostics } = parseYaml("on:\n  schedule:\n    - cron: '@daily\n'\njobs: {}\n", 'w.yml');
    expect(source).toBeNull();
    expect(diagnostics[0]?.message).toMatch(/^YAML does not parse/);
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
