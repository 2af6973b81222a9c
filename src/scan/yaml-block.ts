// The first and fastest YAML path: a parser for the YAML that CI files are written in (block mappings
// and sequences, plain, quoted and block scalars, flow collections), building the scan's tree directly
// from the text in one pass, with anchors, aliases and local tags passed over, Windows line ends read,
// and tabs where they are text. Anything outside that subset (complex keys, directives, several
// documents, tabs as indentation or separation, empty sequence entries, explicit indentation indicators)
// or anything that would be an error is declined, and the caller falls back to `yaml`. Tests compare its
// tree with `yaml`'s, node for node, on every corpus file and on thousands of mutated ones: a file it
// accepts gets exactly the tree the `yaml` package builds.

import { countBelow } from './text.js';
import { moveOffsets, resolvePlain, type YamlMap, type YamlNode, type YamlPair, type YamlScalar, type YamlSeq } from './yaml-tree.js';

const LF = 0x0a;
const TAB = 0x09;
const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const COMMA = 0x2c;
const STAR = 0x2a;
const AMP = 0x26;
const BANG = 0x21;

/** Anchor, alias and local tag names this parser reads. */
const PROPERTY_NAME = /^[A-Za-z0-9_.-]+$/;

/** Thrown inside the parser when the text leaves the subset; caught once, at the top. */
class Declined extends Error {
  constructor() {
    super('declined');
  }
}
const DECLINED = new Declined();

/** Gives up on this file (a preallocated error: declining must cost next to nothing). */
function decline(): never {
  throw DECLINED;
}

/** Characters that cannot start a plain scalar in block context (YAML 1.2 c-indicator, less `-?:`). */
function isIndicatorStart(c: number): boolean {
  // , [ ] { } # & * ! | > ' " % @ `
  return c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x23 || c === 0x26 || c === 0x2a || c === 0x21 || c === 0x7c || c === 0x3e || c === 0x27 || c === 0x22 || c === 0x25 || c === 0x40 || c === 0x60;
}

/** Flow indicators, which end a plain scalar inside `[ ]` and `{ }`. */
function isFlowIndicator(c: number): boolean {
  return c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
}

/** End of the line `p` is on (the offset of its line feed, or the text's length). */
function lineEnd(text: string, p: number): number {
  const e = text.indexOf('\n', p);
  return e === -1 ? text.length : e;
}

/** Where a block scalar's content sits in the parsed text, for working out its value later. */
interface BlockContent {
  text: string;
  /** The first content line's start and the last content line's end. */
  start: number;
  end: number;
  indent: number;
  /** Empty lines after the content (kept by `|+` and `>+`). */
  trailing: number;
}

/**
 * A block scalar (`|` or `>`) whose value is worked out when first read: most block scalars are scripts,
 * which the scan reads line by line from the file text, so joining their lines into a value would copy
 * every script of every file once more. A class, not an object with a getter of its own: those cost
 * V8 a slow path for each one.
 */
class BlockScalar implements YamlScalar {
  readonly kind = 'scalar';
  private cached: string | undefined;

  constructor(
    public start: number,
    public end: number,
    public readonly style: 'literal' | 'folded',
    private readonly chomp: 'clip' | 'strip' | 'keep',
    private readonly content: BlockContent | null,
  ) {}

  /** The scalar's value, as YAML 1.2 folds and chomps it. */
  get value(): string {
    if (this.cached === undefined) {
      const c = this.content;
      if (!c) this.cached = '';
      else {
        const lines = c.text.slice(c.start, c.end).split('\n');
        for (let i = 0; i < lines.length; i++) lines[i] = (lines[i] as string).slice(c.indent);
        const body = this.style === 'literal' ? lines.join('\n') : foldBlock(lines);
        this.cached = this.chomp === 'strip' ? body : this.chomp === 'clip' ? `${body}\n` : `${body}\n${'\n'.repeat(c.trailing)}`;
      }
    }
    return this.cached;
  }
}

/** The parser over one text; offsets index that text. */
class BlockParser {
  private readonly text: string;
  private readonly len: number;
  /** Start of the current content line (after `next` found it) and where its content starts. */
  private lineStart = 0;
  private pos = 0;
  /** What the last plainLineEnd found: a `:` that would make its text a key. */
  private implicitKey = false;
  /**
   * Where a tab may stand, as [start, end) pairs, recorded only when the text has tabs: in comments,
   * in single-line quoted scalars, in literal block scalars after the first character of a line's
   * content, and between a key and its `:`. A tab anywhere else (indentation, separation, plain
   * scalars) makes the parse decline, as YAML's rules for those differ from the ones for spaces.
   */
  readonly tabsAllowed: number[] | null;

  constructor(text: string, tabs: boolean) {
    this.text = text;
    this.len = text.length;
    this.tabsAllowed = tabs ? [] : null;
  }

  /** Notes that tabs in [start, end) are content, not structure. */
  private allowTabs(start: number, end: number): void {
    this.tabsAllowed?.push(start, end);
  }

  /** Parses the one document: a block mapping or sequence (or a flow collection) at the top. */
  parse(): YamlNode {
    let col = this.nextContent(0);
    if (col === -1) decline();
    // A document start marker alone on the first line is allowed; anything else about documents is not.
    if (col === 0 && this.startsMarker(this.pos)) {
      if (this.text.charCodeAt(this.pos) !== DASH) decline();
      const after = this.skipSpaces(this.pos + 3);
      if (after < this.len && this.text.charCodeAt(after) !== LF && this.text.charCodeAt(after) !== HASH) decline();
      col = this.nextContent(lineEnd(this.text, this.pos));
      if (col === -1) decline();
    }
    if (col !== 0) decline();
    const c = this.text.charCodeAt(this.pos);
    let root: YamlNode;
    if (c === 0x5b || c === 0x7b) {
      root = this.flowCollection(-1);
      this.endOfLine(this.pos);
      this.nextContent(lineEnd(this.text, this.pos));
    } else if (this.isSeqEntry(this.pos)) {
      root = this.blockSeq(0);
    } else {
      root = this.blockMap(0);
    }
    // Another document, a document end marker or anything left over: not this parser's business.
    if (this.pos < this.len) decline();
    return root;
  }

  /** Is `p` (at column 0) a `---` or `...` marker? */
  private startsMarker(p: number): boolean {
    const t = this.text;
    const c = t.charCodeAt(p);
    if ((c !== DASH && c !== 0x2e) || t.charCodeAt(p + 1) !== c || t.charCodeAt(p + 2) !== c) return false;
    const after = t.charCodeAt(p + 3);
    return p + 3 >= this.len || after === SPACE || after === LF;
  }

  /**
   * Moves to the first content of the next line holding any (from offset `from`, skipping blank and
   * comment lines); returns its column, or -1 at the end of the text.
   */
  private nextContent(from: number): number {
    const t = this.text;
    let p = from;
    if (p < this.len && t.charCodeAt(p) === LF) p++;
    for (;;) {
      const start = p;
      while (p < this.len && t.charCodeAt(p) === SPACE) p++;
      if (p >= this.len) {
        this.pos = this.len;
        this.lineStart = this.len;
        return -1;
      }
      const c = t.charCodeAt(p);
      if (c === LF) {
        p++;
        continue;
      }
      if (c === HASH) {
        const e = lineEnd(t, p);
        this.allowTabs(p, e);
        p = e;
        continue;
      }
      this.lineStart = start;
      this.pos = p;
      if (start === p && this.startsMarker(p) && p !== 0) decline();
      return p - start;
    }
  }

  /** Skips spaces from `p`. */
  private skipSpaces(p: number): number {
    while (p < this.len && this.text.charCodeAt(p) === SPACE) p++;
    return p;
  }

  /** Requires only spaces and a comment from `p` to the end of the line. */
  private endOfLine(p: number): void {
    p = this.skipSpaces(p);
    if (p >= this.len) return;
    const c = this.text.charCodeAt(p);
    if (c === LF) return;
    // A comment needs a space before it; `p` then sits after one (or at a line's first content).
    if (c === HASH && this.text.charCodeAt(p - 1) === SPACE) {
      this.allowTabs(p, lineEnd(this.text, p));
      return;
    }
    decline();
  }

  /** Is `p` a block sequence entry indicator (`-` then a space or the end of the line)? */
  private isSeqEntry(p: number): boolean {
    if (this.text.charCodeAt(p) !== DASH) return false;
    const n = this.text.charCodeAt(p + 1);
    return p + 1 >= this.len || n === SPACE || n === LF;
  }

  /** A block sequence whose entries sit at column `col`; `this.pos` is at its first `-`. */
  private blockSeq(col: number): YamlSeq {
    const seq: YamlSeq = { kind: 'seq', start: this.pos, items: [] };
    for (;;) {
      const dash = this.pos;
      const after = this.skipSpaces(dash + 1);
      const c = this.text.charCodeAt(after);
      let item: YamlNode;
      if (after >= this.len || c === LF || (c === HASH && after > dash + 1)) {
        // The entry's node is on the lines below, further in; an empty entry is left to the other paths.
        const next = this.nextContent(after);
        if (next <= col) decline();
        item = this.blockNode(col, false, after);
      } else {
        item = this.inlineNode(after, col, after - this.lineStart, true);
      }
      seq.items.push(item);
      const next = this.pos < this.len ? this.pos - this.lineStart : -1;
      if (next === col && this.isSeqEntry(this.pos)) continue;
      if (next > col) decline();
      return seq;
    }
  }

  /** A block mapping whose keys sit at column `col`; `this.pos` is at its first key. */
  private blockMap(col: number): YamlMap {
    const map: YamlMap = { kind: 'map', start: this.pos, pairs: [] };
    for (;;) {
      const key = this.key(this.pos);
      // `this.pos` is now just after the `:`.
      const after = this.skipSpaces(this.pos);
      const c = this.text.charCodeAt(after);
      let value: YamlNode;
      if (after >= this.len || c === LF || (c === HASH && after > this.pos)) {
        const next = this.nextContent(after);
        if (next > col) value = this.blockNode(col, false, after);
        else if (next === col && this.isSeqEntry(this.pos)) value = this.blockSeq(col);
        else value = { kind: 'scalar', start: after, end: after, style: 'plain', value: null };
      } else {
        value = this.inlineNode(after, col, -1, false);
      }
      map.pairs.push({ key, value });
      const next = this.pos < this.len ? this.pos - this.lineStart : -1;
      if (next === col) continue;
      if (next > col) decline();
      return map;
    }
  }

  /**
   * A node that starts a line of its own (after a key or `-` with nothing else on its line), more
   * indented than `parent`: a mapping, a sequence, a flow collection or a scalar. `from` is an offset on
   * the line of its key or properties, when there is one, for a check on the lines between.
   */
  private blockNode(parent: number, tagged = false, from = -1): YamlNode {
    const p = this.pos;
    const col = p - this.lineStart;
    const c = this.text.charCodeAt(p);
    if (this.isSeqEntry(p)) return this.blockSeq(col);
    if (c === 0x5b || c === 0x7b) {
      const node = this.flowCollection(parent);
      this.endOfLine(this.pos);
      this.nextContent(lineEnd(this.text, this.pos));
      return node;
    }
    if (c === 0x22 || c === 0x27) {
      // A quoted scalar alone on its line, unless it is a key.
      const end = this.quotedEnd(p);
      if (this.text.charCodeAt(this.skipSpaces(end)) === COLON) return this.blockMap(col);
      return this.scalarThenNext(this.quoted(p, parent));
    }
    if (c === STAR) return this.alias(p);
    if (isIndicatorStart(c) || c === 0x3f /* ? */) decline();
    if (this.keyColon(p) !== -1) return this.blockMap(col);
    if (from !== -1 && this.outerCommentBetween(from, this.lineStart, parent)) decline();
    return this.scalarThenNext(this.plain(p, parent, !tagged));
  }

  /**
   * Between `from` (on the line of a node's key, `-` or properties) and `to` (the start of the line its
   * plain scalar is on), is there a comment no deeper than `parent`? `yaml` may then read the scalar as
   * a multi-line key and fail (it depends on blank lines and what follows), so such a value is declined.
   */
  private outerCommentBetween(from: number, to: number, parent: number): boolean {
    const t = this.text;
    for (let s = lineEnd(t, from) + 1; s < to; ) {
      const e = lineEnd(t, s);
      const k = this.skipSpaces(s);
      if (k < e && t.charCodeAt(k) === HASH && k - s <= parent) return true;
      s = e + 1;
    }
    return false;
  }

  /**
   * A node written after `key: ` or `- ` on the same line, at offset `p`; `parent` is the column of
   * the key or `-`. `entryCol` is the node's own column after `- `, where a compact mapping or
   * sequence may start. An anchor or a tag may come first (GitLab's `&defaults`, `!reference`).
   */
  private inlineNode(p: number, parent: number, entryCol: number, inSeq: boolean): YamlNode {
    let c = this.text.charCodeAt(p);
    if (c === STAR) return this.alias(p);
    let tagged = false;
    if (c === AMP || c === BANG) {
      const props = this.properties(p);
      tagged = props.tagged;
      p = props.at;
      c = this.text.charCodeAt(p);
      if (p >= this.len || c === LF || c === HASH) {
        // The node with these properties is on the lines below (an alias cannot have properties).
        if (this.nextContent(p) <= parent || this.text.charCodeAt(this.pos) === STAR) decline();
        return this.blockNode(parent, tagged, p);
      }
      // Properties before a compact mapping, or twice over: left to the other paths.
      if (c === STAR || c === AMP || c === BANG || (inSeq && (this.isSeqEntry(p) || this.keyColon(p) !== -1))) decline();
    }
    if (c === 0x7c || c === 0x3e) return this.blockScalar(p, parent);
    if (c === 0x5b || c === 0x7b) {
      this.pos = p;
      const node = this.flowCollection(parent);
      if (this.text.charCodeAt(this.skipSpaces(this.pos)) === COLON) decline();
      this.endOfLine(this.pos);
      this.nextContent(lineEnd(this.text, this.pos));
      return node;
    }
    if (inSeq) {
      if (this.isSeqEntry(p)) {
        this.pos = p;
        return this.blockSeq(entryCol);
      }
      if (c === 0x22 || c === 0x27) {
        const end = this.quotedEnd(p);
        if (this.text.charCodeAt(this.skipSpaces(end)) === COLON) {
          this.pos = p;
          return this.blockMap(entryCol);
        }
      } else if (!isIndicatorStart(c) && c !== 0x3f && this.keyColon(p) !== -1) {
        this.pos = p;
        return this.blockMap(entryCol);
      }
    }
    if (c === 0x22 || c === 0x27) {
      const node = this.quoted(p, parent);
      if (this.text.charCodeAt(this.skipSpaces(node.end)) === COLON) decline();
      return this.scalarThenNext(node);
    }
    if (isIndicatorStart(c) || c === 0x3f || this.isSeqEntry(p)) decline();
    // `key: a: b` (a mapping in a mapping's value on one line, an error in YAML) is declined by `plain`.
    return this.scalarThenNext(this.plain(p, parent, !tagged));
  }

  /**
   * Anchors (`&name`) and local tags (`!name`) before a node: skipped, as the scan does not resolve
   * them (a tagged scalar stays text). Returns where the node itself starts.
   */
  private properties(p: number): { at: number; tagged: boolean } {
    const t = this.text;
    let tagged = false;
    let anchored = false;
    for (let c = t.charCodeAt(p); c === AMP || c === BANG; c = t.charCodeAt(p)) {
      // Two anchors or two tags on one node are an error in YAML.
      if (c === BANG ? tagged : anchored) decline();
      const start = p + 1;
      let e = start;
      while (e < this.len && t.charCodeAt(e) !== SPACE && t.charCodeAt(e) !== LF) e++;
      const name = t.slice(start, e);
      // Only plain names: `!!str`, `!<verbatim>`, `!` alone and flow indicators are for the other paths.
      if (!PROPERTY_NAME.test(name)) decline();
      if (c === BANG) tagged = true;
      else anchored = true;
      p = this.skipSpaces(e);
    }
    return { at: p, tagged };
  }

  /** An alias (`*name`) at `p`: an opaque node, as the scan does not resolve aliases. */
  private alias(p: number): YamlNode {
    const t = this.text;
    let e = p + 1;
    while (e < this.len && t.charCodeAt(e) !== SPACE && t.charCodeAt(e) !== LF) e++;
    if (!PROPERTY_NAME.test(t.slice(p + 1, e)) || t.charCodeAt(this.skipSpaces(e)) === COLON) decline();
    this.endOfLine(e);
    this.nextContent(lineEnd(t, e));
    return { kind: 'alias', start: p };
  }

  /** After a scalar: the rest of its last line must be blank or a comment; moves to the next content. */
  private scalarThenNext(node: YamlScalar): YamlScalar {
    this.endOfLine(node.end);
    this.nextContent(lineEnd(this.text, node.end));
    return node;
  }

  /**
   * Where the `:` of an implicit key on this line is, for a plain key starting at `p`; -1 when the line
   * holds no `key:` (a `:` followed by a space or the end of the line, before any comment).
   */
  private keyColon(p: number): number {
    const t = this.text;
    const end = lineEnd(t, p);
    for (let i = p; i < end; i++) {
      const c = t.charCodeAt(i);
      if (c === COLON) {
        const n = t.charCodeAt(i + 1);
        if (i + 1 >= this.len || n === SPACE || n === LF) return i;
        // `:` then a tab is a separator too, and tabs as separation are left to the other paths.
        if (n === TAB) decline();
      } else if (c === HASH && t.charCodeAt(i - 1) === SPACE) {
        return -1;
      }
    }
    return -1;
  }

  /** A mapping key at `p` (plain or quoted, on one line) and its `:`; leaves `this.pos` after the `:`. */
  private key(p: number): YamlScalar {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === 0x22 || c === 0x27) {
      const end = this.quotedEnd(p);
      const key = this.quoted(p, -1);
      if (key.end !== end || t.lastIndexOf('\n', end - 1) >= p) decline();
      const colon = this.skipSpaces(end);
      if (t.charCodeAt(colon) !== COLON) decline();
      const n = t.charCodeAt(colon + 1);
      if (colon + 1 < this.len && n !== SPACE && n !== LF) decline();
      this.pos = colon + 1;
      return key;
    }
    if (isIndicatorStart(c) || c === 0x3f || this.isSeqEntry(p)) decline();
    const colon = this.keyColon(p);
    if (colon === -1) decline();
    let end = colon;
    while (end > p && (t.charCodeAt(end - 1) === SPACE || t.charCodeAt(end - 1) === TAB)) end--;
    // An empty key is left to the other paths (keyColon has already refused a line whose comment comes first).
    if (end === p) decline();
    this.allowTabs(end, colon);
    const raw = t.slice(p, end);
    this.pos = colon + 1;
    return { kind: 'scalar', start: p, end, style: 'plain', value: resolvePlain(raw) };
  }

  /**
   * A plain scalar in block context at `p`, continued on following lines indented more than `parent`.
   * Lines fold into one: a single line break becomes a space, each empty line a line feed.
   */
  private plain(p: number, parent: number, resolve = true): YamlScalar {
    const t = this.text;
    let end = this.plainLineEnd(p);
    if (this.implicitKey) decline();
    let value = t.slice(p, end);
    let q = lineEnd(t, end);
    // A comment ends the scalar.
    if (this.commentBetween(end, q)) return { kind: 'scalar', start: p, end, style: 'plain', value: resolve ? resolvePlain(value) : value };
    let folded = false;
    for (;;) {
      let breaks = 0;
      let s = q;
      // Count line breaks up to the next line with content.
      while (s < this.len && t.charCodeAt(s) === LF) {
        breaks++;
        s++;
        while (s < this.len && t.charCodeAt(s) === SPACE) s++;
      }
      if (s >= this.len || breaks === 0) break;
      const col = s - (t.lastIndexOf('\n', s - 1) + 1);
      const c = t.charCodeAt(s);
      if (col <= parent || c === HASH) break;
      // A continuation line that looks like structure is left to the careful parsers.
      if (this.isSeqEntry(s) || c === 0x3f || (c === COLON && (t.charCodeAt(s + 1) === SPACE || t.charCodeAt(s + 1) === LF))) decline();
      if (col === 0 && this.startsMarker(s)) decline();
      const lineStop = this.plainLineEnd(s);
      if (this.implicitKey) decline();
      const line = t.slice(s, lineStop);
      value += breaks === 1 ? ` ${line}` : `${'\n'.repeat(breaks - 1)}${line}`;
      folded = true;
      end = lineStop;
      q = lineEnd(t, end);
      if (this.commentBetween(end, q)) break;
    }
    return { kind: 'scalar', start: p, end, style: 'plain', value: folded || !resolve ? value : resolvePlain(value) };
  }

  /**
   * End of a plain scalar's text on its line: before ` #` or the line end, trailing spaces dropped. Sets
   * `implicitKey` when that text holds `: ` or ends with `:` (it would be a key, not a plain scalar).
   */
  private plainLineEnd(p: number): number {
    const t = this.text;
    let end = p;
    this.implicitKey = false;
    for (; end < this.len; end++) {
      const c = t.charCodeAt(end);
      if (c === LF || (c === HASH && t.charCodeAt(end - 1) === SPACE)) break;
      if (c === COLON && (end + 1 >= this.len || t.charCodeAt(end + 1) === SPACE || t.charCodeAt(end + 1) === LF)) this.implicitKey = true;
    }
    while (end > p && t.charCodeAt(end - 1) === SPACE) end--;
    return end;
  }

  /** Is there a comment between `from` and the line end `to`? */
  private commentBetween(from: number, to: number): boolean {
    const p = this.skipSpaces(from);
    return p < to && this.text.charCodeAt(p) === HASH;
  }

  /** Offset just after the closing quote of the quoted scalar at `p` (declines an unclosed one). */
  private quotedEnd(p: number): number {
    const t = this.text;
    const q = t.charCodeAt(p);
    let i = p + 1;
    for (;;) {
      const j = t.indexOf(q === 0x22 ? '"' : "'", i);
      if (j === -1) decline();
      if (q === 0x27) {
        if (t.charCodeAt(j + 1) === 0x27) {
          i = j + 2;
          continue;
        }
        return j + 1;
      }
      // A double quote preceded by an odd number of backslashes is escaped.
      let k = j - 1;
      while (k > p && t.charCodeAt(k) === 0x5c) k--;
      if ((j - 1 - k) % 2 === 1) {
        i = j + 1;
        continue;
      }
      return j + 1;
    }
  }

  /** A single- or double-quoted scalar at `p`; continuation lines must be indented more than `parent`. */
  private quoted(p: number, parent: number): YamlScalar {
    const t = this.text;
    const end = this.quotedEnd(p);
    const double = t.charCodeAt(p) === 0x22;
    const body = t.slice(p + 1, end - 1);
    let value: string;
    if (!body.includes('\n')) {
      value = double ? unescapeDouble(body) : body.includes("''") ? body.replaceAll("''", "'") : body;
      this.allowTabs(p + 1, end - 1);
    } else {
      const lines = body.split('\n');
      // Every further line, the closing quote's too, must be deeper than the node it belongs to.
      const written = t.slice(p, end).split('\n');
      for (let i = 1; i < written.length; i++) {
        const line = written[i] as string;
        const lead = line.length - line.trimStart().length;
        if (line.trim() !== '' && lead <= parent) decline();
        if (lead === 0 && /^(?:---|\.\.\.)(?: |$)/.test(line)) decline();
      }
      value = double ? foldDouble(lines) : foldLines(lines).replaceAll("''", "'");
    }
    return { kind: 'scalar', start: p, end, style: double ? 'double' : 'single', value };
  }

  /**
   * A block scalar (`|` or `>`, optional chomping indicator) at `p`, inside a node at column `parent`.
   * Leaves `this.pos` at the next content after it.
   */
  private blockScalar(p: number, parent: number): YamlScalar {
    const t = this.text;
    const literal = t.charCodeAt(p) === 0x7c;
    let h = p + 1;
    let chomp: 'clip' | 'strip' | 'keep' = 'clip';
    const ind = t.charCodeAt(h);
    if (ind === DASH) chomp = 'strip';
    else if (ind === 0x2b) chomp = 'keep';
    if (chomp !== 'clip') h++;
    // An explicit indentation indicator (rare) is left to the other paths.
    const after = t.charCodeAt(h);
    if (h < this.len && after !== SPACE && after !== LF) decline();
    this.endOfLine(h);
    const lineAt = lineEnd(t, h) + 1;
    // The content indent: that of the first non-empty line; leading empty lines may not be deeper.
    let indent = -1;
    let leadingMax = 0;
    for (let s = lineAt; s < this.len; ) {
      let e = s;
      while (e < this.len && t.charCodeAt(e) === SPACE) e++;
      if (e >= this.len || t.charCodeAt(e) === LF) {
        leadingMax = Math.max(leadingMax, e - s);
        s = e + 1;
        continue;
      }
      indent = e - s;
      break;
    }
    let lastContentEnd = -1;
    let emptyRunEnd = lineAt;
    // Empty lines since the last content line: the chomping indicator decides what becomes of them.
    let trailing = 0;
    if (indent > parent && indent !== -1) {
      if (leadingMax > indent) decline();
      for (let s = lineAt; s < this.len; ) {
        const e = lineEnd(t, s);
        let k = s;
        while (k < e && t.charCodeAt(k) === SPACE) k++;
        if (k === e && e - s <= indent) {
          trailing++;
        } else {
          if (k - s < indent) break;
          // A line of only spaces deeper than the indent is content (of spaces); folding rules for it differ.
          if (k === e && !literal) decline();
          // Tabs inside a literal scalar's text are text; one as the first character of it is left alone.
          if (literal) this.allowTabs(k + 1, e);
          lastContentEnd = e;
          trailing = 0;
        }
        s = e + 1;
        emptyRunEnd = Math.min(s, this.len);
      }
    } else if (indent !== -1 && leadingMax > parent) {
      // Empty content followed by deeper blank lines: rules differ between parsers.
      decline();
    }
    const hasContent = lastContentEnd !== -1;
    let end: number;
    if (lastContentEnd === -1) {
      // No content: where it ends differs between parsers once empty lines follow (spaces only, up to a
      // line feed or the end of the text), so only the plain case is read.
      end = Math.min(lineEnd(t, h) + 1, this.len);
      if (chomp === 'keep' || (end < this.len && (this.skipSpaces(end) >= this.len || t.charCodeAt(this.skipSpaces(end)) === LF))) decline();
    } else {
      end = Math.min(lastContentEnd + 1, this.len);
      if (chomp === 'keep') end = Math.max(end, emptyRunEnd);
    }
    // Kept lines running to the end of a text with no final line feed (content, or a last line of only
    // spaces): `yaml` neither counts that line's break nor ends the scalar where the lines say.
    if (chomp === 'keep' && end === this.len && t.charCodeAt(this.len - 1) !== LF) decline();
    this.nextContent(hasContent ? lastContentEnd : lineEnd(t, h));
    const content = hasContent ? { text: t, start: lineAt, end: lastContentEnd, indent, trailing } : null;
    return new BlockScalar(p, end, literal ? 'literal' : 'folded', chomp, content);
  }

  /**
   * A flow collection (`[...]` or `{...}`) at `this.pos`, inside a block node at column `parent`: its
   * continuation lines must be indented more. Leaves `this.pos` just after the closing bracket.
   */
  private flowCollection(parent: number): YamlNode {
    const t = this.text;
    const open = this.pos;
    const isMap = t.charCodeAt(open) === 0x7b;
    const close = isMap ? 0x7d : 0x5d;
    let p = open + 1;
    const items: YamlNode[] = [];
    const pairs: YamlPair[] = [];
    for (;;) {
      p = this.flowSpace(p, parent);
      const c = t.charCodeAt(p);
      if (c === close) {
        this.pos = p + 1;
        return isMap ? { kind: 'map', start: open, pairs } : { kind: 'seq', start: open, items };
      }
      const node = this.flowNode(p, parent);
      p = this.flowSpace(this.pos, parent);
      if (isMap) {
        if (node.kind !== 'scalar' || t.charCodeAt(p) !== COLON) decline();
        p = this.flowSpace(p + 1, parent);
        const v = t.charCodeAt(p);
        if (v === COMMA || v === close) decline();
        const value = this.flowNode(p, parent);
        pairs.push({ key: node, value });
        p = this.flowSpace(this.pos, parent);
      } else {
        // `[a: b]` holds a pair: left to the other paths.
        if (t.charCodeAt(p) === COLON) decline();
        items.push(node);
      }
      const n = t.charCodeAt(p);
      if (n === COMMA) p++;
      else if (n !== close) decline();
    }
  }

  /** Skips spaces, line breaks and comments inside a flow collection; lines must stay deeper than `parent`. */
  private flowSpace(p: number, parent: number): number {
    const t = this.text;
    for (;;) {
      if (p >= this.len) decline();
      const c = t.charCodeAt(p);
      if (c === SPACE) p++;
      else if (c === LF) {
        p++;
        let s = p;
        while (s < this.len && t.charCodeAt(s) === SPACE) s++;
        if (s < this.len && t.charCodeAt(s) !== LF && s - p <= parent) decline();
        if (s - p === 0 && this.startsMarker(s)) decline();
        p = s;
      } else if (c === HASH) {
        if (t.charCodeAt(p - 1) !== SPACE && t.charCodeAt(p - 1) !== LF) decline();
        const e = lineEnd(t, p);
        this.allowTabs(p, e);
        p = e;
      } else return p;
    }
  }

  /** A node inside a flow collection at `p`: a nested collection, a quoted or a one-line plain scalar. */
  private flowNode(p: number, parent: number): YamlNode {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === 0x5b || c === 0x7b) {
      this.pos = p;
      return this.flowCollection(parent);
    }
    if (c === 0x22 || c === 0x27) {
      const node = this.quoted(p, parent);
      this.pos = node.end;
      return node;
    }
    // `-` starts a plain scalar only before a character that can continue one (`[-]` is a block entry).
    const n = t.charCodeAt(p + 1);
    if (isIndicatorStart(c) || c === 0x3f || c === COLON || (c === DASH && (p + 1 >= this.len || n === SPACE || n === LF || n === TAB || isFlowIndicator(n)))) decline();
    let e = p;
    for (; e < this.len; e++) {
      const d = t.charCodeAt(e);
      if (d === LF || isFlowIndicator(d)) break;
      if (d === COLON) {
        const n = t.charCodeAt(e + 1);
        if (n === SPACE || n === LF || isFlowIndicator(n) || e + 1 >= this.len) break;
      }
      if (d === HASH && t.charCodeAt(e - 1) === SPACE) break;
    }
    let end = e;
    while (end > p && t.charCodeAt(end - 1) === SPACE) end--;
    // A plain scalar that goes on to the next line is left to the other paths.
    if (t.charCodeAt(e) === LF) {
      const next = this.flowSpace(e, parent);
      const n = t.charCodeAt(next);
      if (n !== COMMA && n !== 0x5d && n !== 0x7d && n !== COLON) decline();
    }
    this.pos = end;
    return { kind: 'scalar', start: p, end, style: 'plain', value: resolvePlain(t.slice(p, end)) };
  }
}

/** Folds the lines of a multi-line flow scalar: a single break is a space, each empty line a line feed. */
function foldLines(lines: readonly string[]): string {
  let out = (lines[0] as string).replace(/ +$/, '');
  let breaks = 0;
  for (let i = 1; i < lines.length; i++) {
    const last = i === lines.length - 1;
    // Spaces before a line break fold away; those before the closing quote are content.
    const line = last ? (lines[i] as string).trimStart() : (lines[i] as string).trim();
    if (line === '' && !last) {
      breaks++;
      continue;
    }
    out += breaks === 0 ? ` ${line}` : `${'\n'.repeat(breaks)}${line}`;
    breaks = 0;
  }
  if (breaks > 0) out += '\n'.repeat(breaks);
  return out;
}

/**
 * Folds a multi-line double-quoted scalar: as `foldLines`, except that a backslash at the end of a line
 * joins it to the next with nothing between, and escapes are resolved line by line.
 */
function foldDouble(lines: readonly string[]): string {
  let out = '';
  // Line breaks since the last content; -1 right after an escaped line break.
  let breaks = -1;
  for (let i = 0; i < lines.length; i++) {
    const last = i === lines.length - 1;
    let line = i > 0 ? (lines[i] as string).replace(/^ +/, '') : (lines[i] as string);
    let joined = false;
    if (!last) {
      const slashes = (/\\*$/.exec(line)?.[0] ?? '').length;
      if (slashes % 2 === 1) {
        line = line.slice(0, -1);
        joined = true;
        // A further line holding only an escaped line break: `yaml` folds around it in ways of its own.
        if (i > 0 && line === '') decline();
      } else {
        const trimmed = line.replace(/ +$/, '');
        // An escaped space right before the break: rare, and parsers differ on it.
        if (trimmed !== line && trimmed.endsWith('\\')) decline();
        line = trimmed;
      }
    }
    if (i > 0) {
      if (line === '' && !last) {
        if (breaks === -1) decline();
        breaks++;
        continue;
      }
      if (breaks >= 0) out += breaks === 0 ? ' ' : '\n'.repeat(breaks);
    }
    out += unescapeDouble(line);
    breaks = joined ? -1 : 0;
  }
  return out;
}

const ESCAPES: Record<string, string> = { '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029' };

/** The value of a double-quoted scalar's text on one line (escapes resolved). */
function unescapeDouble(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[i + 1];
    if (e === undefined) decline();
    const simple = ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    const hex = s.slice(i + 2, i + 2 + width);
    if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) decline();
    const code = parseInt(hex, 16);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) decline();
    out += String.fromCodePoint(code);
    i += 1 + width;
  }
  return out;
}

/** Folds a folded block scalar's content lines (indent removed), as YAML 1.2 says. */
function foldBlock(lines: readonly string[]): string {
  let out = '';
  let empty = 0;
  let read = false;
  let moreIndented = false;
  for (const line of lines) {
    if (line === '') {
      empty++;
      continue;
    }
    const deeper = line.charCodeAt(0) === SPACE;
    if (deeper) {
      moreIndented = true;
      out += '\n'.repeat(read ? 1 + empty : empty);
    } else if (moreIndented) {
      moreIndented = false;
      out += '\n'.repeat(empty + 1);
    } else if (empty === 0) {
      if (read) out += ' ';
    } else {
      out += '\n'.repeat(empty);
    }
    out += line;
    read = true;
    empty = 0;
  }
  return out;
}

/**
 * Parses YAML text (without a byte-order mark; the caller takes a leading one off) into the first document's tree, or returns undefined
 * when the text leaves the subset this parser reads.
 */
export function parseBlock(text: string): { root: YamlNode } | undefined {
  // A byte-order mark anywhere (not only first): `yaml` reads one after blank lines as no character at all.
  if (text.includes('\ufeff')) return undefined;
  // Windows line ends: parsed as line feeds, then every offset is moved back to the text as written.
  const crlf = text.includes('\r');
  if (crlf && LONE_CR.test(text)) return undefined;
  try {
    const parsed = crlf ? text.replaceAll('\r\n', '\n') : text;
    const parser = new BlockParser(parsed, parsed.includes('\t'));
    const root = parser.parse();
    if (parser.tabsAllowed && !tabsWhereAllowed(parsed, parser.tabsAllowed)) return undefined;
    if (crlf) restoreCarriageReturns(root, text);
    return { root };
  } catch (err) {
    if (err === DECLINED) return undefined;
    throw err;
  }
}

const LONE_CR = /\r(?!\n)/;

/** Does every tab of `text` sit in one of the [start, end) ranges of `allowed`? */
function tabsWhereAllowed(text: string, allowed: readonly number[]): boolean {
  for (let i = text.indexOf('\t'); i !== -1; i = text.indexOf('\t', i + 1)) {
    let ok = false;
    for (let r = 0; r < allowed.length && !ok; r += 2) ok = (allowed[r] as number) <= i && i < (allowed[r + 1] as number);
    if (!ok) return false;
  }
  return true;
}

/** Moves the offsets of a tree parsed from `text` with its `\r\n` read as `\n` to offsets in `text`. */
function restoreCarriageReturns(root: YamlNode, text: string): void {
  // Where each line feed sits in the text as parsed: an offset past k of them is k carriage returns short.
  const feeds: number[] = [];
  for (let i = text.indexOf('\r\n'), removed = 0; i !== -1; i = text.indexOf('\r\n', i + 2)) feeds.push(i - removed++);
  moveOffsets(root, (offset) => offset + countBelow(feeds, offset));
}
