import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from './suggest.js';

describe('suggestions', () => {
  it('count inserts, deletes, substitutions and neighbour swaps as one edit each', () => {
    expect(editDistance('scope', 'scopes')).toBe(1);
    expect(editDistance('evn', 'env')).toBe(1);
    expect(editDistance('gittea', 'gitea')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('name the closest candidate within a third of the word, ignoring case', () => {
    expect(closest('scope', ['scopes', 'source', 'forge'])).toBe('scopes');
    expect(closest('Forge', ['forge', 'forges'])).toBe('forge');
    expect(closest('frobnicate', ['version', 'forges'])).toBeUndefined();
  });

  it('suggest nothing for short words unless only the case differs', () => {
    expect(closest('B', ['A'])).toBeUndefined();
    expect(closest('a', ['A'])).toBe('A');
    expect(didYouMean('ab', ['ac'])).toBe('');
    expect(didYouMean('slak', ['slack', 'webhook'])).toBe(' (did you mean "slack"?)');
  });
});
