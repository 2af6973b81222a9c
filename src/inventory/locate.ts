import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';

/** Where to look for the inventory; each defaults to the process's own. */
export interface LocateOptions {
  /** `--config FILE` */
  config?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The inventory file: `--config FILE`, else `$CREDCANARY_CONFIG`, else `./credcanary.yaml`; absent → UserError naming which one was used. */
export function locateInventory(opts: LocateOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const fromEnv = env['CREDCANARY_CONFIG'];
  // An empty variable is how CI passes an unset one, so it does not count as a choice.
  const [candidate, origin] = opts.config
    ? [opts.config, '--config']
    : fromEnv
      ? [fromEnv, '$CREDCANARY_CONFIG']
      : ['credcanary.yaml', 'the default ./credcanary.yaml'];
  const file = resolve(cwd, candidate);
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new UserError(`inventory not found: ${file} (from ${origin})`, hints(origin));
  }
  if (!isFile) throw new UserError(`inventory is not a file: ${file} (from ${origin})`, hints(origin));
  return file;
}

function hints(origin: string): string[] {
  if (origin === '--config') return ['check the path given to --config'];
  if (origin === '$CREDCANARY_CONFIG') return ['check the CREDCANARY_CONFIG environment variable, or pass --config FILE'];
  return ['run `credcanary init config` to write one, pass --config FILE, or set CREDCANARY_CONFIG'];
}
