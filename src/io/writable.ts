import { randomBytes } from 'node:crypto';
import { open, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Output files are checked before any probe runs: a report that cannot be written must not be found
// out after a whole run (turning a FAIL into a usage error), and the error must name the flag at fault.
// Checking by trying is the only honest test (access() says yes to root on any mode bit), and it
// never changes the file: an existing one is opened for appending, a new one is tried as a temp
// sibling that is removed at once.

/** Why `path` cannot be written, in words (`its folder does not exist`), or null when it can. */
export async function whyNotWritable(path: string): Promise<string | null> {
  try {
    const existing = await stat(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (existing?.isDirectory()) return 'it is a directory';
    if (existing) {
      await (await open(path, 'a')).close();
      return null;
    }
    const probe = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.probe`);
    await (await open(probe, 'wx', 0o600)).close();
    await rm(probe, { force: true });
    return null;
  } catch (err) {
    return describeWriteError(err);
  }
}

/** A short reason for a failed write: `permission denied`, `its folder does not exist`, or the errno code. */
export function describeWriteError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'ENOENT') return 'its folder does not exist';
  if (code === 'ENOTDIR') return 'a part of its folder path is not a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EROFS') return 'the file system is read-only';
  return code;
}
