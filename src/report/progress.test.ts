import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearSecrets, registerSecret } from '../secrets/redact.js';
import { credential, verdict } from './fixtures.js';
import { PROGRESS_INTERVAL_MS, createProgress } from './progress.js';

function fakeStream(isTTY: boolean, columns = 120) {
  const writes: string[] = [];
  const stream = { isTTY, columns, write: (chunk: string) => (writes.push(chunk), true) } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

const CLEAR = '\r\u001b[2K';

describe('createProgress', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    clearSecrets();
  });

  it('prints nothing at all when the stream is not a TTY', () => {
    const { stream, writes } = fakeStream(false);
    const progress = createProgress(stream, 3);
    progress.listener({ type: 'start', credentials: 3 });
    progress.listener({ type: 'probe', credential: 'A', verdict: verdict({ id: 'identity', status: 'pass' }) });
    vi.advanceTimersByTime(5_000);
    progress.listener({ type: 'done' });
    progress.stop();
    expect(writes).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('redraws one line with spinner, credentials done/total, counts so far and the current credential', () => {
    const { stream, writes } = fakeStream(true);
    const progress = createProgress(stream, 40);
    progress.listener({ type: 'start', credentials: 40 });
    for (let i = 0; i < 12; i += 1) progress.listener({ type: 'credential', report: credential(`C${i}`, []) });
    progress.listener({ type: 'probe', credential: 'AUTO_SYNC_TOKEN', verdict: verdict({ id: 'identity', status: 'pass' }) });
    progress.listener({ type: 'probe', credential: 'AUTO_SYNC_TOKEN', verdict: verdict({ id: 'scopes', status: 'fail' }) });
    progress.listener({ type: 'probe', credential: 'AUTO_SYNC_TOKEN', verdict: verdict({ id: 'expiry', status: 'skipped' }) });
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(new RegExp(`^${CLEAR.replace('[', '\\[')}. 12/40 credentials · 1 pass · 1 fail · 1 skipped · AUTO_SYNC_TOKEN$`));
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    // The spinner moves even while nothing else changes.
    expect(writes[1]!.slice(CLEAR.length, CLEAR.length + 1)).not.toBe(writes[0]!.slice(CLEAR.length, CLEAR.length + 1));
    progress.listener({ type: 'done' });
    expect(writes.at(-1)).toBe(CLEAR);
    vi.advanceTimersByTime(1_000);
    expect(writes.at(-1)).toBe(CLEAR);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('says when it is retrying a forge, then stops saying it', () => {
    const { stream, writes } = fakeStream(true);
    const progress = createProgress(stream, 2);
    progress.listener({ type: 'start', credentials: 2 });
    progress.listener({ type: 'retry', host: 'git.example.com', attempt: 1, of: 3, reason: 'timeout' });
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    expect(writes.at(-1)).toMatch(/0\/2 credentials · retrying git\.example\.com \(timeout, attempt 2 of 3\)$/);
    vi.advanceTimersByTime(20_000);
    expect(writes.at(-1)).not.toContain('retrying');
    progress.stop();
  });

  it('throttles: a burst of a thousand events costs at most ten writes a second', () => {
    const { stream, writes } = fakeStream(true);
    const progress = createProgress(stream, 1000);
    progress.listener({ type: 'start', credentials: 1000 });
    for (let step = 0; step < 10; step += 1) {
      for (let i = 0; i < 100; i += 1) progress.listener({ type: 'probe', credential: `C${i}`, verdict: verdict({ id: 'identity', status: 'warn' }) });
      vi.advanceTimersByTime(100);
    }
    expect(writes.length).toBeLessThanOrEqual(10);
    expect(writes.at(-1)).toContain('1000 warn');
    progress.stop();
  });

  it('fits the terminal width and never shows a registered secret', () => {
    const { stream, writes } = fakeStream(true, 30);
    registerSecret('s3cr3t-value-123');
    const progress = createProgress(stream, 2);
    progress.listener({ type: 'probe', credential: 'NAME s3cr3t-value-123 and a very long name', verdict: verdict({ id: 'identity', status: 'pass' }) });
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    const line = writes[0]!.slice(CLEAR.length);
    expect([...line].length).toBeLessThanOrEqual(29);
    expect(line.endsWith('…')).toBe(true);
    expect(writes.join('')).not.toContain('s3cr3t');
    progress.stop();
    progress.stop();
    expect(writes.at(-1)).toBe(CLEAR);
    expect(writes.filter((w) => w === CLEAR)).toHaveLength(1);
  });

  it('does not keep the process alive', () => {
    vi.useRealTimers();
    const { stream } = fakeStream(true);
    const progress = createProgress(stream, 1);
    const spy = vi.spyOn(globalThis, 'setInterval');
    progress.listener({ type: 'start', credentials: 1 });
    const timer = spy.mock.results[0]!.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    progress.stop();
    spy.mockRestore();
  });
});
