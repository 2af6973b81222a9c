// A location inside the inventory document, as zod reports it and as people read it.

/** One step into the document: a mapping key or a list index. */
export type PathSegment = string | number;

/** `credentials.AUTO_SYNC_TOKEN.repos[0].access`; names with odd characters are bracketed so the path stays unambiguous. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** The plain value at `path`, or undefined when any step is absent. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

/** True when the mapping at `path`'s parent exists but has no key `path`'s last step (a missing key, not a wrong type). */
export function isMissingKey(root: unknown, path: readonly PathSegment[]): boolean {
  if (path.length === 0) return false;
  const parent = valueAt(root, path.slice(0, -1));
  const last = path[path.length - 1] as PathSegment;
  return parent !== null && typeof parent === 'object' && !Array.isArray(parent) && !Object.prototype.hasOwnProperty.call(parent, last);
}
