import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { locateInventory } from '../inventory/locate.js';
import { whyNotWritable } from './writable.js';

/** An output file a command was asked to write, with the flag (or variable) that named it. */
export interface OutputTarget {
  flag: string;
  path: string | undefined;
}

/** A file an output must never replace (the inventory the run reads), with what to call it. */
export interface KeptFile {
  what: string;
  path: string;
}

/** The inventory as a file no report may replace; none when it cannot be located (the run then says why). */
export function inventoryKept(config: string | undefined, env: NodeJS.ProcessEnv = process.env): KeptFile[] {
  try {
    return [{ what: 'the inventory', path: locateInventory({ ...(config ? { config } : {}), env }) }];
  } catch {
    return [];
  }
}

// The same file by another spelling (`./x`, a symlink) is still the same file.
function sameFile(a: string, b: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(resolve(p));
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}

/**
 * Fails with a usage error naming the right flag when any requested output file cannot be written
 * (`-` is stdout), would replace a kept file (`--output credcanary.yaml` used to overwrite the
 * inventory with the report), or is named by two flags at once.
 */
export async function preflightOutputs(targets: readonly OutputTarget[], kept: readonly KeptFile[] = []): Promise<void> {
  const problems: string[] = [];
  const seen: OutputTarget[] = [];
  for (const target of targets) {
    const { flag, path } = target;
    if (path === undefined || path === '-') continue;
    const clash = kept.find((k) => sameFile(k.path, path));
    const twice = seen.find((t) => t.path !== undefined && sameFile(t.path, path));
    seen.push(target);
    if (clash) problems.push(`${flag} ${path}: it is ${clash.what}, which the report would replace`);
    else if (twice) problems.push(`${flag} ${path}: ${twice.flag} already writes there`);
    else {
      const why = await whyNotWritable(path);
      if (why !== null) problems.push(`${flag} ${path}: ${why}`);
    }
  }
  if (problems.length > 0) {
    throw new UserError(`cannot write ${problems.length === 1 ? 'an output file' : 'output files'} (nothing was checked)`, [
      ...problems,
      'expected a writable file path in an existing folder, one per flag, that is not an input of the run',
    ]);
  }
}

/**
 * The warning for an unwritable `$GITHUB_STEP_SUMMARY`, or null. The summary is a convenience next to
 * the job log, so a problem with it is a warning: it must never change the verdict or the exit code.
 */
export async function stepSummaryWarning(env: NodeJS.ProcessEnv): Promise<string | null> {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (file === undefined || file === '') return null;
  const why = await whyNotWritable(file);
  return why === null ? null : stepSummaryProblem(file, why);
}

/** `cannot write the step summary …; the verdict stands`: the text of a step-summary warning. */
export function stepSummaryProblem(file: string, why: string): string {
  return `cannot write the step summary to $GITHUB_STEP_SUMMARY (${file}): ${why}; the verdict and exit code are unaffected, the report is in the log`;
}

/** Prints a warning on stderr (never on stdout, which may be a report). */
export function printWarning(text: string): void {
  process.stderr.write(`credcanary: warning: ${text}\n`);
}
