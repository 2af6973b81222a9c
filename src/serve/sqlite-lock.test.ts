import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockSqlite } from './sqlite-lock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dbFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'credcanary-lock-'));
  dirs.push(dir);
  return join(dir, 'credcanary.db');
}

describe('the single-instance lock of a SQLite store', () => {
  it('refuses a second holder while the first lives, and is free again after release', () => {
    const file = dbFile();
    // A live process other than this one holds it.
    writeFileSync(`${file}.serve.lock`, `${process.ppid}\n`);
    expect(() => lockSqlite(file)).toThrow(/another credcanary serve \(pid \d+\) uses/);
    rmSync(`${file}.serve.lock`);
    const release = lockSqlite(file);
    expect(existsSync(`${file}.serve.lock`)).toBe(true);
    release();
    expect(existsSync(`${file}.serve.lock`)).toBe(false);
  });

  it('takes over a lock left by a process that died (SIGKILL)', () => {
    const file = dbFile();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${file}.serve.lock`, `${dead.stdout}\n`);
    const release = lockSqlite(file);
    release();
  });
});
