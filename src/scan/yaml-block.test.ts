import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { plainTree } from '../testing/yaml-plain.js';
import { CORPUS, itWithCorpus } from '../testing/shared.js';
import { YAML_SHAPES } from '../testing/yaml-shapes.js';
import { corpusDir, readManifest } from './corpus.js';
import { parseBlock } from './yaml-block.js';
import { parseWithYaml } from './yaml-full.js';

/** The block parser's verdict on a text, checked against `yaml`: declined, or exactly `yaml`'s tree. */
function agrees(text: string, name: string): 'declined' | 'same' {
  const block = parseBlock(text);
  if (!block) return 'declined';
  const full = parseWithYaml(text, name);
  const ours = plainTree(block.root);
  if (process.env['FUZZ_DUMP'] && (full.diagnostics.length > 0 || JSON.stringify(full.root) !== JSON.stringify(ours))) writeFileSync(process.env['FUZZ_DUMP'], text);
  expect(full.diagnostics, `${name}: accepted a text \`yaml\` rejects:\n${text}`).toEqual([]);
  expect(ours, `${name}:\n${text}`).toEqual(full.root);
  return 'same';
}

/** A small deterministic generator (mulberry32), so a failing mutant can be found again. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Edits that break or bend YAML structure: the parser must then match `yaml` or decline. */
const SNIPPETS = ['\t', ' \t', '\t#', ': ', ':', '- ', '-', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '|', '>', '|-', '>+', '&a ', '*a', '!t ', '&a', '!t', ' *a ', '!!t ', '? ', '\\', '\\"', "''", '  ', '\n', '\n\n', '---', '...', '%', '@', '`', 'x: y'];

/**
 * A mutant of `text`: a line deleted, duplicated, re-indented, a snippet inserted somewhere, or the text
 * cut short (an end of document anywhere: in a block scalar, after spaces, without a last line feed).
 */
function mutate(text: string, next: () => number): string {
  const lines = text.split('\n');
  const i = Math.floor(next() * lines.length);
  const line = lines[i] ?? '';
  switch (Math.floor(next() * 6)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, line);
      break;
    case 2:
      lines[i] = next() < 0.5 ? ` ${line}` : line.replace(/^ {1,2}/, '');
      break;
    case 5:
      return text.slice(0, Math.floor(next() * (text.length + 1)));
    default: {
      const at = Math.floor(next() * (line.length + 1));
      const snippet = SNIPPETS[Math.floor(next() * SNIPPETS.length)] ?? '';
      lines[i] = line.slice(0, at) + snippet + line.slice(at);
    }
  }
  return lines.join('\n');
}

/**
 * Checks `rounds` mutants of `sources` (taken in turn, 1–3 edits each, seeded): each must be declined or
 * read exactly as `yaml` reads it. Returns how many the block parser read.
 */
function fuzz(sources: readonly { name: string; text: string }[], rounds: number, seed: number): number {
  const next = random(seed);
  let same = 0;
  for (let round = 0; round < rounds; round++) {
    const source = sources[round % sources.length] as { name: string; text: string };
    let text = source.text;
    const edits = 1 + Math.floor(next() * 3);
    for (let e = 0; e < edits; e++) text = mutate(text, next);
    // Some mutants get Windows line ends, which the parser reads by moving offsets afterwards.
    if (next() < 0.1) text = text.replaceAll('\n', '\r\n');
    if (agrees(text, `${source.name} (mutant ${round}, seed ${seed})`) === 'same') same++;
  }
  return same;
}

describe('the block YAML parser', () => {
  let corpus: { name: string; text: string }[] = [];
  beforeAll(async () => {
    if (!CORPUS.available) return;
    const dir = corpusDir();
    const entries = (await readManifest(dir)).filter((e) => /\.ya?ml$/.test(e.path));
    corpus = await Promise.all(entries.map(async (e) => ({ name: e.file, text: await readFile(join(dir, e.file), 'utf8') })));
  });

  it.each(YAML_SHAPES.map((t, i) => [i, t]))('shape %i gives the same tree as the `yaml` package, or declines', (i, text) => {
    agrees(text as string, `shape ${i}`);
  });

  itWithCorpus('reads nearly every corpus YAML file itself, with exactly the tree `yaml` builds', () => {
    expect(corpus.length).toBeGreaterThan(150);
    const declined = corpus.filter((f) => agrees(f.text, f.name) === 'declined').map((f) => f.name);
    if (process.env['SHOW_DECLINED']) process.stdout.write(`declined:\n${declined.join('\n')}\n`);
    expect(declined.length / corpus.length).toBeLessThan(0.1);
  });

  // FUZZ_ROUNDS and FUZZ_SEED run a longer or different search by hand; FUZZ_DUMP=FILE keeps the text of a mismatch.
  const rounds = Number(process.env['FUZZ_ROUNDS'] ?? 6000);
  itWithCorpus(`matches \`yaml\` or declines on ${rounds} mutated corpus files`, () => {
    const same = fuzz(corpus, rounds, Number(process.env['FUZZ_SEED'] ?? 20261123));
    // Most mutants stay ordinary YAML: the comparison must have exercised the parser, not only its refusals.
    expect(same).toBeGreaterThan(rounds / 3);
  });

  // Runs on every clone (no corpus needed): the shapes are small, so a few thousand mutants take a few seconds.
  const shapeRounds = Number(process.env['FUZZ_SHAPE_ROUNDS'] ?? 4000);
  it(`matches \`yaml\` or declines on ${shapeRounds} mutated shapes`, () => {
    const shapes = YAML_SHAPES.map((text, i) => ({ name: `shape ${i}`, text }));
    const same = fuzz(shapes, shapeRounds, Number(process.env['FUZZ_SEED'] ?? 20261204));
    // Many shapes are declined as written (that is what they are for); a good share of mutants must still be
    // read (1144 of 4000 with the default seed), or the comparison would only have exercised the refusals.
    expect(same).toBeGreaterThan(shapeRounds / 5);
  });

  it('reads the shapes workflows are made of', () => {
    const text = [
      'name: CI',
      'on:',
      '  push:',
      '    branches: [ main ]',
      '  schedule:',
      "    - cron: '17 3 * * *'",
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    if: github.event_name == \'push\' &&',
      '      github.ref == \'refs/heads/main\'',
      '    env: { A: "${{ secrets.A }}", B: 1 }',
      '    steps:',
      '    - uses: actions/checkout@v4',
      '    - name: Run',
      '      run: |',
      '        echo "${{ secrets.TOKEN }}" | gh auth login --with-token',
      '',
      '        gh api /user',
      '      continue-on-error: true',
      '',
    ].join('\n');
    expect(agrees(text, 'workflow')).toBe('same');
  });

  it('reads anchors, aliases and local tags as GitLab files use them, without resolving them', () => {
    const text = '.d: &defaults\n  image: x\njob:\n  <<: *defaults\n  script:\n    - !reference [.setup, script]\n    - echo\n  tags: !t 5\n';
    expect(agrees(text, 'gitlab')).toBe('same');
    const job = parseBlock(text)?.root;
    expect(JSON.stringify(job)).toContain('"kind":"alias"');
  });

  it('reads tabs where they are text (comments, quoted and literal scalars, before a key\'s colon) and declines them elsewhere', () => {
    const text = 'a\t:\n  run: |\n    make\tall # tab\there\n  b: "x\ty" # c\td\n# full\tline\n';
    expect(agrees(text, 'tabs')).toBe('same');
    for (const other of ['a:\tb\n', 'a: b\t# c\n', 'a:\n\tb: c\n', 'a: >\n  x\ty\n', 'a: |\n  \tx\n', 'a: x\ty\n']) {
      expect(parseBlock(other), JSON.stringify(other)).toBeUndefined();
    }
  });

  it('declines what it leaves to the other parsers', () => {
    for (const text of ['a: !!str x\n', 'a: &x\nb: 1\n', '- &a k: v\n', 'a: ! x\n', '? k\n: v\n', 'a: 1\n---\nb: 2\n', 'a:\n\t- b\n', 'a: 1\rb: 2\r\n', '- a\n-\n', 'a: |2\n   x\n', 'plain\n', '']) {
      expect(parseBlock(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});
