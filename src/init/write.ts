import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError } from '../core/errors.js';

/** How a generated file is written: `-` means stdout. */
export interface GeneratedTarget {
  path: string;
  force: boolean;
  cwd: string;
  stdout: (text: string) => void;
}

/** The error for a generated file that exists already (checked up front by callers that write several files). */
export function refuseOverwrite(path: string): never {
  throw new UserError(`${path} already exists; not overwriting it`, ['pass --force to replace it, or --output FILE to write elsewhere (--output - prints it)']);
}

/**
 * Writes generated text; never replaces an existing file unless `force` (the `wx` flag makes the check
 * and the create one step, so a file appearing in between is not clobbered either). Returns the path
 * written, or `-`.
 */
export async function writeGenerated(text: string, target: GeneratedTarget): Promise<string> {
  if (target.path === '-') {
    target.stdout(text);
    return '-';
  }
  const file = resolve(target.cwd, target.path);
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text, { encoding: 'utf8', flag: target.force ? 'w' : 'wx', mode: 0o644 });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'EEXIST') refuseOverwrite(target.path);
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code;
    throw new UserError(`cannot write ${target.path}: ${why}`);
  }
  return file;
}
