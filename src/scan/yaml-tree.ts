// A small YAML tree with source offsets: all the scan needs from a parsed file (kinds, scalar values,
// key order, where each node starts), whichever parser built it. Offsets index the file's own text.

/** How a scalar is written; block styles and quotes decide how its source lines map to its text. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

/** A scalar: its value under the YAML 1.2 core schema (tagged scalars stay strings) and its source span. */
export interface YamlScalar {
  kind: 'scalar';
  start: number;
  end: number;
  style: ScalarStyle;
  value: string | number | boolean | null;
}

/** One `key: value` entry; `value` is null when a flow mapping entry has no `:`. */
export interface YamlPair {
  key: YamlNode;
  value: YamlNode | null;
}

/** A mapping, entries in source order (duplicate keys kept). */
export interface YamlMap {
  kind: 'map';
  start: number;
  pairs: YamlPair[];
}

/** A sequence. */
export interface YamlSeq {
  kind: 'seq';
  start: number;
  items: YamlNode[];
}

/** An alias (`*name`): opaque to the scan, as workflows do not resolve them. */
export interface YamlAlias {
  kind: 'alias';
  start: number;
}

/** Any node of the tree. */
export type YamlNode = YamlScalar | YamlMap | YamlSeq | YamlAlias;

/** Replaces every offset of a tree with `move(offset)` (for text that was changed before parsing). */
export function moveOffsets(node: YamlNode | null, move: (offset: number) => number): void {
  if (!node) return;
  node.start = move(node.start);
  if (node.kind === 'scalar') node.end = move(node.end);
  else if (node.kind === 'map') {
    for (const pair of node.pairs) {
      moveOffsets(pair.key, move);
      moveOffsets(pair.value, move);
    }
  } else if (node.kind === 'seq') for (const item of node.items) moveOffsets(item, move);
}

/** Is this a scalar node? */
export function isScalarNode(node: unknown): node is YamlScalar {
  return (node as YamlNode | null)?.kind === 'scalar';
}

/** Is this a mapping node? */
export function isMapNode(node: unknown): node is YamlMap {
  return (node as YamlNode | null)?.kind === 'map';
}

/** Is this a sequence node? */
export function isSeqNode(node: unknown): node is YamlSeq {
  return (node as YamlNode | null)?.kind === 'seq';
}

/** The value node under `key` of a map node (first of duplicates; the key must be that exact string). */
export function child(node: unknown, key: string): YamlNode | undefined {
  if (!isMapNode(node)) return undefined;
  for (const pair of node.pairs) {
    if (isScalarNode(pair.key) && pair.key.value === key) return pair.value ?? undefined;
  }
  return undefined;
}

/** The key node of `key` in a map (for reporting where a key is written). */
export function keyNode(node: unknown, key: string): YamlNode | undefined {
  if (!isMapNode(node)) return undefined;
  for (const pair of node.pairs) {
    if (isScalarNode(pair.key) && String(pair.key.value) === key) return pair.key;
  }
  return undefined;
}

/** The string value of a scalar node (numbers and booleans as text), else null. */
export function scalarText(node: unknown): string | null {
  if (!isScalarNode(node)) return null;
  const v = node.value;
  return v === null ? null : String(v);
}

/** The entries of a map node with scalar keys, as [key text, value node, key node]. */
export function entries(node: unknown): [string, YamlNode | null, YamlNode][] {
  if (!isMapNode(node)) return [];
  const out: [string, YamlNode | null, YamlNode][] = [];
  for (const pair of node.pairs) {
    if (isScalarNode(pair.key)) out.push([String(pair.key.value), pair.value, pair.key]);
  }
  return out;
}

/** The items of a sequence node (empty for anything else). */
export function items(node: unknown): YamlNode[] {
  return isSeqNode(node) ? node.items : [];
}

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** The value of an untagged plain scalar under the YAML 1.2 core schema (what GitHub and GitLab read). */
export function resolvePlain(text: string): string | number | boolean | null {
  const c = text.charCodeAt(0);
  // Most scalars are words: only these first characters can start a non-string.
  if (text !== '' && !(c >= 48 && c <= 57) && c !== 45 && c !== 43 && c !== 46 && c !== 126 && c !== 110 && c !== 78 && c !== 116 && c !== 84 && c !== 102 && c !== 70) return text;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (INT_OCT.test(text)) return parseInt(text.slice(2), 8);
  if (INT.test(text)) return parseInt(text, 10);
  if (INT_HEX.test(text)) return parseInt(text.slice(2), 16);
  if (FLOAT_SPECIAL.test(text)) return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}
