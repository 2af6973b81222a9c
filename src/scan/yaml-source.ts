// YAML parsed once per file with positions: every rule and every secret reference reports the line
// and column a person sees in their editor, including lines inside block scalars (`run: |`).

import { LineCounter, Scalar, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';
import type { Diagnostic, Position } from './model.js';
import type { ScriptLine } from './text.js';

/** A parsed YAML file with what is needed to turn offsets into positions. */
export interface YamlSource {
  doc: Document.Parsed;
  text: string;
  lineCounter: LineCounter;
}

/** Parses YAML text; a file that does not parse yields diagnostics (file:line:column) and no source. */
export function parseYaml(text: string, file: string): { source: YamlSource | null; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    // Silent: GitLab's `!reference` and similar custom tags are warnings we do not need on stderr.
    doc = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: 'silent', uniqueKeys: false, strict: false });
  } catch (err) {
    return { source: null, diagnostics: [{ file, line: 1, column: 1, message: `YAML could not be parsed: ${String(err)}` }] };
  }
  if (doc.errors.length > 0) {
    const diagnostics = doc.errors.map((e) => {
      const p = lineCounter.linePos(e.pos[0]);
      const first = e.message.split('\n')[0] ?? e.message;
      return { file, line: p.line, column: p.col, message: `YAML does not parse: ${first}` };
    });
    return { source: null, diagnostics };
  }
  return { source: { doc, text, lineCounter }, diagnostics: [] };
}

/** Position of an offset in the source. */
export function positionAt(src: YamlSource, offset: number): Position {
  const p = src.lineCounter.linePos(offset);
  return { line: p.line, column: p.col };
}

/** Position where a node starts (line 1, column 1 when the node has no range). */
export function positionOf(src: YamlSource, node: Node | null | undefined): Position {
  return positionAt(src, node?.range?.[0] ?? 0);
}

/** The value node under `key` of a map node, or undefined. */
export function child(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  return (node as YAMLMap).get(key, true) as Node | undefined;
}

/** The key node of `key` in a map (for reporting where a key is written). */
export function keyNode(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  for (const item of (node as YAMLMap).items) {
    if (isScalar(item.key) && String(item.key.value) === key) return item.key;
  }
  return undefined;
}

/** The string value of a scalar node (numbers and booleans as text), else null. */
export function scalarText(node: unknown): string | null {
  if (!isScalar(node)) return null;
  const v = node.value;
  return v === null || v === undefined ? null : String(v);
}

/** The entries of a map node as [key text, value node, key node]. */
export function entries(node: unknown): [string, Node | null, Node][] {
  if (!isMap(node)) return [];
  const out: [string, Node | null, Node][] = [];
  for (const item of node.items) {
    if (!isPair(item) || !isScalar(item.key)) continue;
    out.push([String(item.key.value), (item.value as Node | null) ?? null, item.key as Node]);
  }
  return out;
}

/** The items of a sequence node (empty for anything else). */
export function items(node: unknown): Node[] {
  return isSeq(node) ? (node.items as Node[]) : [];
}

/**
 * The lines of a scalar as they sit in the file. Block scalars keep one entry per content line with
 * its own line number and column; flow scalars give their written lines (quotes dropped).
 */
export function scalarLines(src: YamlSource, node: Node): ScriptLine[] {
  if (!isScalar(node) || !node.range) return [];
  const start = node.range[0];
  const raw = src.text.slice(start, node.range[1]);
  const first = positionAt(src, start);
  const rawLines = raw.split(/\r?\n/);
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    const body = rawLines.slice(1);
    let indent = Infinity;
    for (const l of body) {
      if (l.trim() === '') continue;
      indent = Math.min(indent, l.length - l.trimStart().length);
    }
    if (!Number.isFinite(indent)) return [];
    const out: ScriptLine[] = [];
    body.forEach((l, i) => {
      out.push({ text: l.slice(indent), line: first.line + 1 + i, column: indent + 1 });
    });
    while (out.length > 0 && out[out.length - 1]?.text.trim() === '') out.pop();
    return out;
  }
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  if (rawLines.length === 1) {
    return [{ text: String(node.value ?? ''), line: first.line, column: first.column + (quoted ? 1 : 0) }];
  }
  return rawLines.map((l, i) => {
    let text = i === 0 ? l : l.trimStart();
    const column = i === 0 ? first.column : l.length - text.length + 1;
    if (quoted && i === 0) text = text.slice(1);
    if (quoted && i === rawLines.length - 1) text = text.replace(/["']\s*$/, '');
    return { text, line: first.line + i, column: i === 0 && quoted ? column + 1 : column };
  });
}
