import { describe, expect, it } from 'vitest';
import { BAD_PORTS, badPortOf } from './bad-ports.js';

describe('bad ports', () => {
  it('this Node\'s fetch refuses every listed port without connecting', async () => {
    for (const port of BAD_PORTS) {
      const err = await fetch(`http://127.0.0.1:${port}/`).then(() => null, (e: unknown) => e as Error & { cause?: Error });
      expect(err?.cause?.message, `port ${port}`).toBe('bad port');
    }
  });
  it('names the bad port of a URL, and only an explicit one', () => {
    expect(badPortOf('http://git.example.com:6000/')).toBe(6000);
    expect(badPortOf('https://git.example.com/')).toBeNull();
    expect(badPortOf('http://git.example.com:3000')).toBeNull();
    expect(badPortOf('not a url')).toBeNull();
  });
});
