// YAML parsed once per file with positions: every rule and every secret reference reports the line
// and column a person sees in their editor, including lines inside block scalars (`run: |`).
// Two parsers: the block parser reads the YAML CI files are written in, fast, and declines anything else;
// the `yaml` package reads the rest and reports parse errors. (A third, more lenient parser in between
// was faster on the rest but read some files `yaml` and GitHub reject.)

import { list, mapped } from './arrays.js';
import type { Diagnostic, Position } from './model.js';
import { countBelow, splitLines, type ScriptLine } from './text.js';
import { parseBlock } from './yaml-block.js';
import { parseWithYaml } from './yaml-full.js';
import { moveOffsets, type YamlNode } from './yaml-tree.js';

export { child, entries, items, keyNode, scalarText } from './yaml-tree.js';

/** A parsed YAML file with what is needed to turn offsets into positions. */
export interface YamlSource {
  /** The first document's top node (null for an empty document). */
  root: YamlNode | null;
  text: string;
  /** Offset of the start of each line (line 1 first). */
  lineStarts: number[];
}

const NON_BLANK = /\S/;

/** Offsets where lines start (after each line feed, as editors count lines). */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Parses YAML text; a file that does not parse yields diagnostics (file:line:column) and no source. */
export function parseYaml(text: string, file: string): { source: YamlSource | null; diagnostics: Diagnostic[] } {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  const fast = parseBlock(body);
  if (fast) {
    // The block parser is not given the byte-order mark: its offsets are one short.
    if (bom) moveOffsets(fast.root, (offset) => offset + 1);
    return { source: { root: fast.root, text, lineStarts: lineStartsOf(text) }, diagnostics: list() };
  }
  const { root, diagnostics } = parseWithYaml(text, file);
  if (diagnostics.length > 0) return { source: null, diagnostics };
  return { source: { root, text, lineStarts: lineStartsOf(text) }, diagnostics: list() };
}

/** Position of an offset in the source. */
export function positionAt(src: YamlSource, offset: number): Position {
  const starts = src.lineStarts;
  const low = countBelow(starts, offset);
  if (starts[low] === offset) return { line: low + 1, column: 1 };
  return { line: low, column: offset - (starts[low - 1] as number) + 1 };
}

/** Position where a node starts (line 1, column 1 when there is no node). */
export function positionOf(src: YamlSource, node: YamlNode | null | undefined): Position {
  return positionAt(src, node?.start ?? 0);
}

/**
 * The content lines of a block scalar spanning [start, end) of `text`, its header on line `headerLine`:
 * each with its indent (the least leading whitespace of a non-blank line) removed, trailing blank lines
 * dropped. Read straight from the text, without an array of the raw lines first.
 */
function blockLines(text: string, start: number, end: number, headerLine: number): ScriptLine[] {
  let indent = Infinity;
  for (let s = text.indexOf('\n', start) + 1; s > 0 && s < end; ) {
    const e = Math.min(lineEndOf(text, s), end);
    let k = s;
    while (k < e && isBlankChar(text.charCodeAt(k))) k++;
    if (k < e && k - s < indent) indent = k - s;
    s = e + 1;
  }
  if (!Number.isFinite(indent)) return [];
  const out: ScriptLine[] = [];
  let lastNonBlank = -1;
  let line = headerLine;
  for (let s = text.indexOf('\n', start) + 1; s > 0 && s < end; ) {
    let e = Math.min(lineEndOf(text, s), end);
    const next = e + 1;
    if (e > s && text.charCodeAt(e - 1) === 0x0d) e--;
    line++;
    const content = s + indent < e ? text.slice(s + indent, e) : '';
    out.push({ text: content, line, column: indent + 1 });
    if (NON_BLANK.test(content)) lastNonBlank = out.length;
    s = next;
  }
  out.length = Math.max(lastNonBlank, 0);
  return out;
}

/** Offset of the line feed ending the line at `p` (or the text's length). */
function lineEndOf(text: string, p: number): number {
  const e = text.indexOf('\n', p);
  return e === -1 ? text.length : e;
}

/** Whitespace as `\s` sees it (tested directly for the usual ASCII ones). */
function isBlankChar(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0c || c === 0x0b || (c > 0x7f && !NON_BLANK.test(String.fromCharCode(c)));
}

/**
 * The lines of a scalar as they sit in the file. Block scalars keep one entry per content line with
 * its own line number and column; flow scalars give their written lines (quotes dropped).
 */
export function scalarLines(src: YamlSource, node: YamlNode): ScriptLine[] {
  if (node.kind !== 'scalar') return [];
  const start = node.start;
  const raw = src.text.slice(start, node.end);
  const first = positionAt(src, start);
  const quoted = node.style === 'double' || node.style === 'single';
  const block = node.style === 'literal' || node.style === 'folded';
  // Most scalars sit on one line: no need to split them.
  if (!block && !raw.includes('\n')) {
    return [{ text: String(node.value ?? ''), line: first.line, column: first.column + (quoted ? 1 : 0) }];
  }
  if (block) return blockLines(src.text, start, node.end, first.line);
  const rawLines = splitLines(raw);
  return mapped(rawLines, (l, i) => {
    let text = i === 0 ? l : l.trimStart();
    const column = i === 0 ? first.column : l.length - text.length + 1;
    if (quoted && i === 0) text = text.slice(1);
    if (quoted && i === rawLines.length - 1) text = text.replace(/["']\s*$/, '');
    return { text, line: first.line + i, column: i === 0 && quoted ? column + 1 : column };
  });
}
