import { describe, expect, it } from 'vitest';
import { list, mapped } from './arrays.js';

describe('arrays', () => {
  it('mapped gives what map gives, with indexes', () => {
    const items = ['a', 'bb', 'ccc'];
    expect(mapped(items, (s, i) => `${i}:${s.length}`)).toEqual(items.map((s, i) => `${i}:${s.length}`));
    expect(mapped([], (x: number) => x)).toEqual([]);
  });

  it('list gives a new array each time', () => {
    const a = list<number>();
    const b = list<number>();
    a.push(1);
    expect(b).toEqual([]);
    expect(a).not.toBe(b);
  });
});
