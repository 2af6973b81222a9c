import { describe, expect, it } from 'vitest';
import { formatPath, isMissingKey, valueAt } from './paths.js';

describe('document paths', () => {
  it('read as dotted keys with list indexes, bracketing names that would be ambiguous', () => {
    expect(formatPath(['credentials', 'AUTO_SYNC_TOKEN', 'repos', 0, 'access'])).toBe('credentials.AUTO_SYNC_TOKEN.repos[0].access');
    expect(formatPath(['forges', 'my.forge', 'url'])).toBe('forges["my.forge"].url');
    expect(formatPath([])).toBe('');
  });

  it('find values, and tell a missing key from a present empty one', () => {
    const doc = { a: { b: [1, { c: null }] } };
    expect(valueAt(doc, ['a', 'b', 1, 'c'])).toBeNull();
    expect(valueAt(doc, ['a', 'x', 'y'])).toBeUndefined();
    expect(isMissingKey(doc, ['a', 'b', 1, 'c'])).toBe(false);
    expect(isMissingKey(doc, ['a', 'b', 1, 'd'])).toBe(true);
    expect(isMissingKey(doc, ['a', 'b', 5])).toBe(false);
    expect(isMissingKey(doc, ['a', 'x', 'y'])).toBe(false);
  });
});
