// Terminal column arithmetic for the table and progress line. Counting UTF-16 units would misalign
// columns as soon as a summary carries an emoji or CJK text, so width is measured per grapheme.

// Made on first use: constructing it loads ICU's break data, about 25 ms that a run writing JSON never needs.
let segmenter: Intl.Segmenter | undefined;

/** The text's graphemes. */
function graphemes(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter.segment(text);
}

// East Asian Wide/Fullwidth blocks and emoji presentation take two terminal cells.
const WIDE =
  /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}])/u;
// Marks and zero-width characters take none.
const ZERO = /^(?:\p{Mn}|\p{Me}|\p{Cf})+$/u;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

function graphemeWidth(g: string): number {
  if (ZERO.test(g)) return 0;
  return WIDE.test(g) ? 2 : 1;
}

/** Terminal columns `text` occupies, ignoring colour codes. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const { segment } of graphemes(text.replace(ANSI, ''))) width += graphemeWidth(segment);
  return width;
}

/** `text` cut to at most `width` columns, ending in `…` when something was cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const { segment } of graphemes(text)) {
    const w = graphemeWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

/** `text` padded with spaces to `width` columns (never cut). */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

// Scripts written without spaces (CJK) may break between any two characters; other words never
// break in the middle.
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF]+$/u;

/** Breaks a CJK run wider than `width` into column-sized pieces. */
function breakGraphemes(word: string, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let used = 0;
  for (const { segment } of graphemes(word)) {
    const w = graphemeWidth(segment);
    if (used + w > width && piece !== '') {
      pieces.push(piece);
      piece = '';
      used = 0;
    }
    piece += segment;
    used += w;
  }
  pieces.push(piece);
  return pieces;
}

// Where a path or URL may break: after `/`, `:`, `?`, `&`, `=` or `,`, and before `@`.
const PATH_BREAK = /(?<=[/:?&=,])|(?=@)/;

/** The widest piece `text` can be cut into without breaking a word (path punctuation counts as a break). */
export function unbreakableWidth(text: string): number {
  return Math.max(0, ...text.split(/\s+/).flatMap((w) => w.split(PATH_BREAK)).map(displayWidth));
}

/**
 * A word wider than `width` in lines: cut at path punctuation; a CJK run between any characters; any
 * other piece still wider stays whole on its own line (a word is never cut in the middle).
 */
function breakWord(word: string, width: number): string[] {
  if (CJK.test(word)) return breakGraphemes(word, width);
  const pieces = word.split(PATH_BREAK);
  return pieces.length > 1 ? pack(pieces, '', width) : [word];
}

/** Greedily packs `tokens` (joined by `joiner`) into lines of at most `width` columns. */
function pack(tokens: string[], joiner: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const candidate = line === '' ? token : line + joiner + token;
    if (displayWidth(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    const pieces = displayWidth(token) > width ? breakWord(token, width) : [token];
    lines.push(...pieces.slice(0, -1));
    line = pieces[pieces.length - 1]!;
  }
  lines.push(line);
  return lines;
}

/** Wraps a path-like target (`acme/core@staging`, a file path) preferring breaks after `/` and before `@`. */
export function wrapPath(text: string, width: number): string[] {
  if (!Number.isFinite(width)) return [text];
  return pack(text.split(PATH_BREAK), '', Math.max(1, width));
}

/** Wraps `text` to `width` columns at spaces, keeping its own line breaks; `Infinity` only splits at line breaks. */
export function wrap(text: string, width: number): string[] {
  const paragraphs = text.split('\n');
  if (!Number.isFinite(width)) return paragraphs;
  return paragraphs.flatMap((p) => pack(p.split(/ +/), ' ', Math.max(1, width)));
}

/** Wraps `text` under a first-line `label` (`remedy: `), later lines indented to align after it. */
export function hangingWrap(label: string, text: string, width: number): string[] {
  const pad = ' '.repeat(displayWidth(label));
  return wrap(text, width - displayWidth(label)).map((line, i) => (i === 0 ? label : pad) + line);
}
