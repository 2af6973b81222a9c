import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../core/errors.js';
import { FORMATS, REPORT_FORMATS } from './formats.js';
import { sampleReport } from './fixtures.js';
import { renderReport, writeReport } from './render.js';

describe('renderReport', () => {
  it.each(REPORT_FORMATS)('renders %s through its registered formatter', (format) => {
    const options = { color: false, width: 100 };
    const text = renderReport(sampleReport(), format, options);
    if (format === 'github') expect(text.replace(/[0-9a-f-]{36}/g, 'F')).toBe(FORMATS.github(sampleReport(), options).replace(/[0-9a-f-]{36}/g, 'F'));
    else expect(text).toBe(FORMATS[format](sampleReport(), options));
  });
});

describe('writeReport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'credcanary-report-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the file with mode 0644 whatever the umask, leaving no temp file', async () => {
    const file = join(dir, 'report.json');
    const old = process.umask(0o077);
    try {
      await writeReport('{"a":1}\n', file);
    } finally {
      process.umask(old);
    }
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n');
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(await readdir(dir)).toEqual(['report.json']);
  });

  it('replaces an existing file by rename (a reader holding the old inode still sees the whole old report)', async () => {
    const file = join(dir, 'report.xml');
    await writeFile(file, 'old report', { mode: 0o600 });
    const before = await stat(file);
    await writeReport('new report\n', file);
    const after = await stat(file);
    expect(await readFile(file, 'utf8')).toBe('new report\n');
    expect(after.ino).not.toBe(before.ino);
    expect(after.mode & 0o777).toBe(0o644);
  });

  it('fails with a usage error naming the file when it cannot write', async () => {
    const file = join(dir, 'missing', 'report.json');
    await expect(writeReport('x', file)).rejects.toThrow(UserError);
    await expect(writeReport('x', file)).rejects.toThrow(`cannot write report to ${file}: its folder does not exist`);
    await expect(writeReport('x', dir)).rejects.toThrow(/cannot write report to .*: /);
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes to stdout without a file, or with "-"', async () => {
    const chunks: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string, cb?: (e?: Error | null) => void) => {
      chunks.push(chunk);
      cb?.();
      return true;
    }) as typeof process.stdout.write);
    try {
      await writeReport('one\n');
      await writeReport('two\n', '-');
    } finally {
      spy.mockRestore();
    }
    expect(chunks).toEqual(['one\n', 'two\n']);
  });
});
