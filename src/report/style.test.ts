import { describe, expect, it } from 'vitest';
import { paintStatus, style } from './style.js';

describe('style', () => {
  it('adds nothing when colour is off', () => {
    expect(style('red', 'x', false)).toBe('x');
    expect(paintStatus('fail', 'FAIL', false, true)).toBe('FAIL');
  });

  it('colours by status even when stdout is not a TTY (the caller already decided)', () => {
    expect(paintStatus('fail', 'x', true)).toBe('\u001b[31mx\u001b[39m');
    expect(paintStatus('skipped', 'x', true)).toBe('\u001b[2mx\u001b[22m');
    expect(paintStatus('warn', 'W', true, true)).toBe('\u001b[1m\u001b[33mW\u001b[39m\u001b[22m');
  });
});
