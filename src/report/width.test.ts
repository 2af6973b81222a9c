import { describe, expect, it } from 'vitest';
import { displayWidth, hangingWrap, padEnd, truncate, unbreakableWidth, wrap, wrapPath } from './width.js';

describe('terminal width helpers', () => {
  it('measures graphemes: wide CJK and emoji take two columns, marks and colour codes none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('✅ ok')).toBe(5);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('\u001b[31mred\u001b[39m')).toBe(3);
  });

  it('truncates with an ellipsis only when needed', () => {
    expect(truncate('abcdef', 6)).toBe('abcdef');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('日本語です', 5)).toBe('日本…');
    expect(truncate('abc', 0)).toBe('');
  });

  it('pads to a width without cutting', () => {
    expect(padEnd('日本', 6)).toBe('日本  ');
    expect(padEnd('toolong', 3)).toBe('toolong');
  });

  it('wraps at spaces, keeps line breaks, never cuts a word in the middle', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('a\nb c', 10)).toEqual(['a', 'b c']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcdefghij']);
    expect(wrap('see https://git.example.com/api/v1/user now', 20)).toEqual(['see', 'https://', 'git.example.com/api/', 'v1/user now']);
    expect(hangingWrap('fix: ', 'add --fail to curl so an HTTP error fails', 20)).toEqual(['fix: add --fail to', '     curl so an HTTP', '     error fails']);
    expect(wrap('日本語日本語', 5)).toEqual(['日本', '語日', '本語']);
    expect(wrap('no limit here', Infinity)).toEqual(['no limit here']);
  });

  it('wraps paths after slashes and before @', () => {
    expect(wrapPath('acme/core@staging', 10)).toEqual(['acme/core', '@staging']);
    expect(wrapPath('internal/providers/providers.yaml', 16)).toEqual(['internal/', 'providers/', 'providers.yaml']);
    expect(wrapPath('acme/controlplane:internal/providers/providers.yaml@main', 16)).toEqual(['acme/', 'controlplane:', 'internal/', 'providers/', 'providers.yaml', '@main']);
    expect(wrapPath('averyveryverylongsegment', 10)).toEqual(['averyveryverylongsegment']);
    expect(unbreakableWidth('acme/controlplane:internal/x.yaml@main')).toBe(13);
  });
});
