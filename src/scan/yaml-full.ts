// The careful path: the `yaml` package's full parser, for the rare file the fast path declines (it does
// not parse there, or holds a shape whose positions only this parser reports). Its errors are the
// diagnostics a person sees; its tree is copied into the scan's own small tree.

import { LineCounter, Scalar, isAlias, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Diagnostic } from './model.js';
import type { ScalarStyle, YamlNode, YamlPair } from './yaml-tree.js';

const STYLES: Record<string, ScalarStyle> = {
  [Scalar.PLAIN]: 'plain',
  [Scalar.QUOTE_SINGLE]: 'single',
  [Scalar.QUOTE_DOUBLE]: 'double',
  [Scalar.BLOCK_LITERAL]: 'literal',
  [Scalar.BLOCK_FOLDED]: 'folded',
};

/** Copies a `yaml` node into the scan's tree (null for nothing, as in an empty document). */
function convert(node: unknown): YamlNode | null {
  if (isScalar(node)) {
    const v = node.value;
    const value = v === null || v === undefined ? null : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : String(v);
    return { kind: 'scalar', start: node.range?.[0] ?? 0, end: node.range?.[1] ?? 0, style: STYLES[node.type ?? Scalar.PLAIN] ?? 'plain', value };
  }
  if (isMap(node)) {
    const pairs: YamlPair[] = [];
    for (const item of node.items) {
      const key = convert(item.key);
      if (key) pairs.push({ key, value: convert(item.value) });
    }
    return { kind: 'map', start: node.range?.[0] ?? 0, pairs };
  }
  if (isSeq(node)) {
    const items: YamlNode[] = [];
    for (const item of node.items) {
      // A `[a: 1]` entry is a pair here; as a one-entry map it keeps its key and value.
      if (isPair(item)) {
        const key = convert(item.key);
        if (key) items.push({ kind: 'map', start: key.start, pairs: [{ key, value: convert(item.value) }] });
      } else {
        const converted = convert(item);
        if (converted) items.push(converted);
      }
    }
    return { kind: 'seq', start: node.range?.[0] ?? 0, items };
  }
  if (isAlias(node)) return { kind: 'alias', start: node.range?.[0] ?? 0 };
  return null;
}

/** Parses the first document with `yaml`: its tree, or the parse errors as file:line:column diagnostics. */
export function parseWithYaml(text: string, file: string): { root: YamlNode | null; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  try {
    // Silent: GitLab's `!reference` and similar custom tags are warnings we do not need on stderr.
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: 'silent', uniqueKeys: false, strict: false });
    if (doc.errors.length === 0) return { root: convert(doc.contents), diagnostics: [] };
    const diagnostics = doc.errors.map((e) => {
      const p = lineCounter.linePos(e.pos[0]);
      const first = e.message.split('\n')[0] ?? e.message;
      return { file, line: p.line, column: p.col, message: `YAML does not parse: ${first}` };
    });
    return { root: null, diagnostics };
  } catch (err) {
    return { root: null, diagnostics: [{ file, line: 1, column: 1, message: `YAML could not be parsed: ${String(err)}` }] };
  }
}
