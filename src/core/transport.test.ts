import { describe, expect, it } from 'vitest';
import { isCleartext, transportWords } from './transport.js';

describe('transport', () => {
  it.each([
    ['https://git.example.com', false, 'HTTPS'],
    ['http://git.example.com', true, 'HTTP (cleartext)'],
    ['http://10.0.0.5:3000', true, 'HTTP (cleartext)'],
    ['http://127.0.0.1:3000', false, 'HTTP (loopback)'],
    ['http://127.8.9.10', false, 'HTTP (loopback)'],
    ['http://localhost:3000', false, 'HTTP (loopback)'],
    ['http://[::1]:3000', false, 'HTTP (loopback)'],
    ['http://[::ffff:127.0.0.1]:3000', false, 'HTTP (loopback)'],
    ['http://127.0.0.1.nip.io', true, 'HTTP (cleartext)'],
    ['http://[::ffff:10.0.0.1]', true, 'HTTP (cleartext)'],
  ])('%s → cleartext %s, "%s"', (url, cleartext, words) => {
    expect(isCleartext(url)).toBe(cleartext);
    expect(transportWords(url)).toBe(words);
  });
});
