import { UserError } from '../core/errors.js';
import { whyNotWritable } from './writable.js';

/** An output file a command was asked to write, with the flag (or variable) that named it. */
export interface OutputTarget {
  flag: string;
  path: string | undefined;
}

/** Fails with a usage error naming the right flag when any requested output file cannot be written; `-` is stdout. */
export async function preflightOutputs(targets: readonly OutputTarget[]): Promise<void> {
  const problems: string[] = [];
  for (const { flag, path } of targets) {
    if (path === undefined || path === '-' ) continue;
    const why = await whyNotWritable(path);
    if (why !== null) problems.push(`${flag} ${path}: ${why}`);
  }
  if (problems.length > 0) {
    throw new UserError(`cannot write ${problems.length === 1 ? 'an output file' : 'output files'} (nothing was checked)`, [
      ...problems,
      'expected a writable file path in an existing folder',
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
