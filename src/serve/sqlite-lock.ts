import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';

// SQLite serves one daemon: a second one on the same file would run every check twice. A lock file
// holding the owner's pid says who has it; a lock left by a dead process (SIGKILL) is taken over at once.

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock for `dbFile`; returns its release. */
export function lockSqlite(dbFile: string): () => void {
  const lock = `${dbFile}.serve.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => rmSync(lock, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new UserError(`cannot create ${lock} (${(err as NodeJS.ErrnoException).code})`);
      const pid = Number(readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new UserError(`another credcanary serve (pid ${pid}) uses ${dbFile}`, [
          'SQLite serves a single instance; to run several, give them one PostgreSQL database (serve.db: postgres://…)',
        ]);
      }
      rmSync(lock, { force: true });
    }
  }
  throw new UserError(`cannot take the lock ${lock}`);
}
