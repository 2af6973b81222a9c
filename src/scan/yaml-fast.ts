// The fast path: js-yaml's loader (several times quicker than building `yaml`'s documents) with its
// `listener`, which reports every node it composes as an open/close pair. The nesting of those events,
// plus where each starts and ends in the text, gives the scan's tree with exact offsets. Any shape whose
// events do not say enough (or a file js-yaml rejects) is declined, and the caller uses `yaml` instead.

import { FAILSAFE_SCHEMA, Type, loadAll, type LoadOptions } from 'js-yaml';
import { resolvePlain, type ScalarStyle, type YamlNode, type YamlPair } from './yaml-tree.js';

/** The loader state fields read here (js-yaml's typings omit `tag`). */
interface LoaderState {
  input: string;
  position: number;
  kind: string | null;
  tag: string | null;
  result: unknown;
}

/** A composed node with what pairing keys and values needs: where it closed and what it produced. */
interface Built {
  node: YamlNode | null;
  open: number;
  close: number;
  result: unknown;
}

/** One node being composed. */
interface Frame {
  open: number;
  children: Built[];
}

/**
 * Strings, sequences and mappings only: every plain scalar stays text and is resolved by the YAML 1.2
 * core schema afterwards, so dates, merge keys and YAML 1.1 booleans (`on`, `yes`) never appear. Local
 * tags such as GitLab's `!reference [...]` are accepted on any kind of node and change nothing.
 */
const SCHEMA = FAILSAFE_SCHEMA.extend(
  (['scalar', 'sequence', 'mapping'] as const).map((kind) => new Type('!', { kind, multi: true, construct: (data: unknown) => data })),
);

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const LONE_CR = /\r(?!\n)/;

/** Why the fast path gave up on a file (the careful path then reads it). */
class Declined extends Error {}

/** Skips spaces, tabs, line breaks and comments from `p`. */
function skipBlank(text: string, p: number): number {
  for (;;) {
    const c = text.charCodeAt(p);
    if (c === SPACE || c === TAB || c === LF || c === CR) p++;
    else if (c === 0x23 /* # */) {
      while (p < text.length && text.charCodeAt(p) !== LF && text.charCodeAt(p) !== CR) p++;
    } else return p;
  }
}

/** Where a node's content starts: after blanks and its anchor and tag properties. */
function contentStart(text: string, open: number): number {
  let p = skipBlank(text, open);
  for (let c = text.charCodeAt(p); c === 0x21 /* ! */ || c === 0x26 /* & */; c = text.charCodeAt(p)) {
    while (p < text.length && !isBlank(text.charCodeAt(p))) p++;
    p = skipBlank(text, p);
  }
  return p;
}

/** Space, tab or line break. */
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/** The end of a plain scalar: its last non-blank character (the loader may stop after trailing spaces). */
function plainEnd(text: string, start: number, close: number): number {
  let end = close;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * The end of a block scalar as `yaml` reports it: after the line break of its last non-blank line, or
 * with keep chomping (`|+`) after its trailing empty lines too.
 */
function blockEnd(text: string, start: number, close: number): number {
  let end = plainEnd(text, start, close);
  while (end < text.length && text.charCodeAt(end) !== LF) end++;
  if (end < text.length) end++;
  // Lines of spaces after the content, or empty lines after no content at all: `yaml` counts some of
  // them into the scalar, by rules not worth copying here.
  const tail = text.slice(end, text.lastIndexOf('\n', close - 1) + 1);
  if (tail.includes(' ') || (tail.includes('\n') && text.lastIndexOf('\n', end - 2) < start)) throw new Declined('blank lines after a block scalar');
  let header = start + 1;
  while (header < end && (text.charCodeAt(header) === 0x2d || (text.charCodeAt(header) >= 0x30 && text.charCodeAt(header) <= 0x39))) header++;
  if (text.charCodeAt(header) !== 0x2b /* + */) return end;
  const lineStart = text.lastIndexOf('\n', close - 1) + 1;
  return Math.max(end, lineStart);
}

/** The style of a scalar from its first character. */
function styleAt(c: number): ScalarStyle {
  if (c === 0x22) return 'double';
  if (c === 0x27) return 'single';
  if (c === 0x7c) return 'literal';
  if (c === 0x3e) return 'folded';
  return 'plain';
}

/** Pairs a mapping's children: a key is followed by its value exactly when a `:` follows the key. */
function pairsOf(text: string, children: Built[]): YamlPair[] {
  const pairs: YamlPair[] = [];
  for (let i = 0; i < children.length; i++) {
    const key = children[i] as Built;
    if (!key.node) throw new Declined('empty key');
    const colon = text.charCodeAt(skipBlank(text, key.close)) === 0x3a; /* : */
    // Before a document marker the loader tries one more key and finds nothing: not an entry.
    if (!colon && key.node.kind === 'scalar' && key.node.start === key.node.end) continue;
    let value: YamlNode | null = null;
    if (colon && i + 1 < children.length) {
      value = (children[i + 1] as Built).node;
      i++;
    }
    pairs.push({ key: key.node, value });
  }
  return pairs;
}

/** Turns one closed node's events into a tree node. */
function finish(text: string, frame: Frame, state: LoaderState): YamlNode | null {
  const start = contentStart(text, frame.open);
  const first = text.charCodeAt(start);
  const kind = state.kind;
  if (kind === 'mapping' || kind === 'sequence') {
    const only = frame.children.length === 1 ? frame.children[0] : undefined;
    // A flow collection read where a block mapping key could start is composed as a child first.
    if (only && only.result === state.result && only.node && only.node.kind !== 'scalar') return only.node;
    if (kind === 'mapping') {
      // `key: &a inner: value` is read by js-yaml (its first key re-reads the properties) but is not YAML.
      if ((frame.children[0]?.open ?? start) < start) throw new Declined('mapping after properties on one line');
      return { kind: 'map', start, pairs: pairsOf(text, frame.children) };
    }
    const result = state.result as unknown[];
    // `- ` with nothing after it adds an item without composing a node: positions would be guesses.
    if (frame.children.length !== result.length) throw new Declined('sequence entry without a node');
    return { kind: 'seq', start, items: frame.children.map((c) => c.node as YamlNode) };
  }
  if (first === 0x2a /* * */) return { kind: 'alias', start };
  if (kind === 'scalar') {
    const style = styleAt(first);
    const raw = state.result;
    if (typeof raw !== 'string') throw new Declined('scalar without text');
    const untagged = state.tag === '?' || state.tag === null;
    const value = style === 'plain' && untagged ? resolvePlain(raw) : raw;
    // js-yaml reads the text with a line feed added when it lacks one: no offset may pass the real end.
    const close = Math.min(state.position, text.length);
    const end = style === 'plain' ? plainEnd(text, start, close) : style === 'literal' || style === 'folded' ? blockEnd(text, start, close) : close;
    return { kind: 'scalar', start, end, style, value };
  }
  if (state.tag !== null || state.result !== null) throw new Declined('node with properties and no content');
  // An empty value (`key:` with nothing after it) sits after the indicator and the spaces on its line.
  let p = frame.open;
  while (text.charCodeAt(p) === SPACE || text.charCodeAt(p) === TAB) p++;
  // An anchor on nothing (`key: &a` and no value): `yaml` places the empty node after the anchor.
  if (text.charCodeAt(p) === 0x26 /* & */) throw new Declined('anchor without a node');
  return { kind: 'scalar', start: p, end: p, style: 'plain', value: null };
}

/**
 * Parses YAML text (without a byte-order mark) into the first document's tree, or returns undefined
 * when the fast path cannot vouch for the result: a parse error, an empty document, or a rare shape.
 */
export function parseFast(text: string): { root: YamlNode | null } | undefined {
  // A carriage return alone ends a line for js-yaml but not for `yaml` (nor for line numbers here).
  if (text.includes('\r') && LONE_CR.test(text)) return undefined;
  const stack: Frame[] = [];
  const roots: Built[] = [];
  const listener = (event: 'open' | 'close', state: LoaderState): void => {
    if (event === 'open') {
      stack.push({ open: state.position, children: [] });
      return;
    }
    const frame = stack.pop() as Frame;
    const built: Built = { node: finish(text, frame, state), open: frame.open, close: state.position, result: state.result };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(built);
    else roots.push(built);
  };
  const options = { schema: SCHEMA, json: true, listener } as unknown as LoadOptions;
  try {
    loadAll(text, undefined, options);
  } catch {
    return undefined;
  }
  // The first document is the file (as `yaml`'s parseDocument reads it); an empty one is left to `yaml`.
  const root = roots[0]?.node ?? null;
  if (root?.kind === 'scalar' && root.start === root.end) return undefined;
  return { root };
}
