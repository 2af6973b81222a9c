import { describe, expect, it, vi } from 'vitest';

// Node 20.0–20.11 have no util.styleText; the fallback must produce the same codes.
vi.mock('node:util', async (importOriginal) => ({ ...(await importOriginal<typeof import('node:util')>()), styleText: undefined }));

describe('style without util.styleText', () => {
  it('writes the same ANSI codes by hand', async () => {
    const { paintStatus } = await import('./style.js');
    expect(paintStatus('fail', 'x', true)).toBe('\u001b[31mx\u001b[39m');
    expect(paintStatus('skipped', 'x', true)).toBe('\u001b[2mx\u001b[22m');
    expect(paintStatus('warn', 'W', true, true)).toBe('\u001b[1m\u001b[33mW\u001b[39m\u001b[22m');
    expect(paintStatus('pass', 'x', false)).toBe('x');
  });
});
