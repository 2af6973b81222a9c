import { describe, expect, it } from 'vitest';
import { splitLines } from './text.js';

describe('splitLines', () => {
  it('splits exactly as /\\r?\\n/ does, including lone and doubled carriage returns', () => {
    for (const text of ['', 'a', 'a\n', 'a\r\nb', 'a\r\r\nb\r', '\r\n\r\n', 'x\ry\nz\r', 'a\n\nb\r\n']) {
      expect(splitLines(text)).toEqual(text.split(/\r?\n/));
    }
  });
});
