import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alternate, canMeasureCpu, canMeasureRss, runProcess, type ProcessRun } from './process.js';

describe('runProcess', () => {
  it('passes output and exit status through and strips the measuring tools\' own lines', async () => {
    const run = await runProcess(process.execPath, ['-e', 'process.stdout.write("out $HOME"); process.stderr.write("err\\n"); process.exit(3)']);
    expect(run.status).toBe(3);
    // The arguments reach the program untouched: no shell expands `$HOME`.
    expect(run.stdout).toBe('out $HOME');
    expect(run.stderr).toBe('err\n');
    expect(run.wallMs).toBeGreaterThan(0);
    if (canMeasureRss()) expect(run.peakRssMb).toBeGreaterThan(10);
    else expect(run.peakRssMb).toBeNull();
    if (canMeasureCpu()) expect(run.cpuMs).toBeGreaterThan(0);
    else expect(run.cpuMs).toBeNull();
  });

  it('a timeout kills the measured program itself, not only the wrappers around it', async () => {
    const run = await runProcess(process.execPath, ['-e', 'process.stdout.write(String(process.pid)); setTimeout(() => {}, 120_000)'], { timeoutMs: 500 });
    expect(run.status).toBeNull();
    const pid = Number(run.stdout);
    expect(pid).toBeGreaterThan(0);
    // Gone, or a zombie waiting for whoever adopted it to reap it: either way no longer running.
    const state = (() => {
      try {
        return /^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 'gone';
      } catch {
        return 'gone';
      }
    })();
    expect(['gone', 'Z', 'X']).toContain(state);
  });

  it('measures a process that allocates more as using more memory', async () => {
    if (!canMeasureRss()) return;
    const small = await runProcess(process.execPath, ['-e', '0']);
    const big = await runProcess(process.execPath, ['-e', 'const b = Buffer.alloc(200 * 1024 * 1024, 1); process.stdout.write(String(b[5]))']);
    expect(big.stdout).toBe('1');
    expect((big.peakRssMb ?? 0) - (small.peakRssMb ?? 0)).toBeGreaterThan(150);
  });
});

describe('alternate', () => {
  it('runs the commands in turns, reversing the order every other round', async () => {
    const order: string[] = [];
    const fake = (name: string) => async (): Promise<ProcessRun> => {
      order.push(name);
      return { wallMs: 1, peakRssMb: null, cpuMs: null, status: 0, stdout: '', stderr: '' };
    };
    const runs = await alternate(3, { a: fake('a'), b: fake('b') });
    expect(order).toEqual(['a', 'b', 'b', 'a', 'a', 'b']);
    expect(runs.a).toHaveLength(3);
    expect(runs.b).toHaveLength(3);
  });
});
