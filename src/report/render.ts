import { randomBytes } from 'node:crypto';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../core/errors.js';
import { describeWriteError } from '../io/writable.js';
import { FORMATS, type FormatOptions, type ReportFormat } from './formats.js';
import type { Report } from './model.js';

/** Renders `report` in `format`; the text ends with a newline and has been redacted. */
export function renderReport(report: Report, format: ReportFormat, options: FormatOptions): string {
  return FORMATS[format](report, options);
}

function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Writes report text to `outputFile`, or stdout when none is given. A file is written to a temp
 * name in the same folder and renamed into place, so a reader (a CI artifact upload, a dashboard
 * poll) never sees half a report; mode 0644 because a report holds no secret.
 */
export async function writeReport(text: string, outputFile?: string, flag = '--output'): Promise<void> {
  if (outputFile === undefined || outputFile === '-') return writeStdout(text);
  const temp = join(dirname(outputFile), `.${basename(outputFile)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { encoding: 'utf8', mode: 0o644, flag: 'wx' });
    // The umask may have narrowed the creation mode.
    await chmod(temp, 0o644);
    await rename(temp, outputFile);
  } catch (error) {
    await rm(temp, { force: true });
    throw new UserError(`cannot write report to ${outputFile}: ${describeWriteError(error)}`, [`expected a writable file path for ${flag}`]);
  }
}
