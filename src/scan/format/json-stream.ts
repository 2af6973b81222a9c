// JSON written as it is made: the very text of `JSON.stringify(value, null, 2)`, in pieces, so a scan of
// 20,000 files never holds its whole output (tens of MB) as one string. The outer levels are walked here,
// one array element at a time; anything deeper is one `JSON.stringify` call, re-indented.

/** Something that can be written out as JSON. */
type Json = unknown;

/** A lazily made array: written like an array, its elements made one at a time. */
export type LazyArray<T> = Iterable<T> & { readonly lazy: true };

/** Wraps a generator so the writer writes it as a JSON array, element by element. */
export function lazyArray<T>(make: () => Iterator<T>): LazyArray<T> {
  return { lazy: true, [Symbol.iterator]: make };
}

function isLazy(value: unknown): value is LazyArray<unknown> {
  return typeof value === 'object' && value !== null && (value as { lazy?: unknown }).lazy === true && Symbol.iterator in value;
}

/** What JSON.stringify leaves out of an object, and writes as null in an array. */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** One value at nesting `indent`, whole: JSON.stringify's text with its lines shifted to the indent. */
function whole(value: Json, indent: string): string {
  const text = JSON.stringify(value, null, 2);
  return indent === '' || !text.includes('\n') ? text : text.replace(/\n/g, `\n${indent}`);
}

/**
 * How many elements one JSON.stringify call writes: few enough that the text of a batch of consumers stays
 * under V8's large-object size (large strings live until a full collection; batches of 256 added 10 MB to a
 * 20,000-file scan's peak), enough that the calls' own cost does not show.
 */
const BATCH = 64;

/**
 * Elements of an array at nesting level `level`, as JSON.stringify(value, null, 2) writes them there:
 * the batch wrapped in `level` more arrays, so JSON.stringify itself indents the elements right, and the
 * wrapping lines cut off (each level adds `[` plus newline in front and newline plus `]` behind, 2·i + 2
 * characters at level i). Cheaper than re-indenting each element's text.
 */
function batchText(batch: unknown[], level: number): string {
  let wrapped: unknown = batch;
  for (let i = 0; i < level; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  const cut = (level + 1) * (level + 2);
  return text.slice(cut, text.length - cut);
}

/**
 * The text of `JSON.stringify(value, null, 2)` in pieces. Objects and arrays of the outer `depth` levels
 * (and every lazy array) are written member by member; a `lazyArray` is drained only as its piece is taken.
 */
export function* jsonPieces(value: Json, depth: number, indent = ''): Generator<string> {
  const v = typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function' ? (value as { toJSON(): unknown }).toJSON() : value;
  const lazy = isLazy(v);
  if (typeof v !== 'object' || v === null || (depth <= 0 && !lazy)) {
    yield whole(v, indent);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(v) || lazy) {
    // Elements written whole go in batches, one JSON.stringify call each (see batchText).
    let before = '[\n';
    let batch: unknown[] = [];
    for (const element of v as Iterable<unknown>) {
      const expand = isLazy(element) || (depth > 1 && typeof element === 'object' && element !== null);
      if (!expand) {
        batch.push(element);
        if (batch.length < BATCH) continue;
      }
      if (batch.length > 0) {
        yield `${before}${batchText(batch, indent.length / 2)}`;
        before = ',\n';
        batch = [];
      }
      if (expand) {
        yield `${before}${inner}`;
        before = ',\n';
        yield* jsonPieces(element, depth - 1, inner);
      }
    }
    if (batch.length > 0) {
      yield `${before}${batchText(batch, indent.length / 2)}`;
      before = ',\n';
    }
    yield before === '[\n' ? '[]' : `\n${indent}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(v)) {
    const member = (v as Record<string, unknown>)[key];
    if (omitted(member)) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* jsonPieces(member, depth - 1, inner);
  }
  yield first ? '{}' : `\n${indent}}`;
}

/** The whole text at once (tests, small documents): the same pieces, joined, with a trailing newline. */
export function jsonText(value: Json, depth: number): string {
  return `${[...jsonPieces(value, depth)].join('')}\n`;
}
