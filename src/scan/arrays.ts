// Arrays for the scan's hot paths, made so that V8 keeps one hidden class for them.
//
// `Array.prototype.map` and `filter` create their result inside the builtin: an empty result has a
// different hidden class (elements kind) from one holding objects, and optimised code that met only
// one of them is thrown away and compiled again when it meets the other (a "wrong map" deoptimisation;
// about 20 per benchmark run before these helpers and the other shape fixes, 4 after, each followed by
// a recompilation of tens of milliseconds on a busy core). An array literal instead
// remembers, per place in the source, that its arrays come to hold objects, and creates the later
// ones, empty or not, with that elements kind from the start.

/**
 * A new empty array, made at one place in the source for every caller: once any array made here has
 * held an object, every later one, even one that stays empty, has the hidden class of a full one.
 */
export function list<T>(): T[] {
  return [];
}

/** `items.map(f)`, as an array made by `list`. */
export function mapped<T, U>(items: readonly T[], f: (item: T, index: number) => U): U[] {
  const out = list<U>();
  for (let i = 0; i < items.length; i++) out.push(f(items[i] as T, i));
  return out;
}
