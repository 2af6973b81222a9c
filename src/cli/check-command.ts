import { exitCodeFor, type ExitCode } from '../core/exit-codes.js';
import { runCheck } from '../engine/run-check.js';
import { parseReportFormat } from '../report/formats.js';
import { writeStepSummary } from '../report/github.js';
import { createProgress } from '../report/progress.js';
import { renderReport, writeReport } from '../report/render.js';
import { shouldUseColor } from '../report/style.js';
import type { CheckCliOptions } from './commands/check.js';

/** Runs `check` end to end: probes, renders, writes, and decides the exit code. */
export async function runCheckCommand(opts: CheckCliOptions): Promise<ExitCode> {
  const format = parseReportFormat(opts.format);
  const toFile = opts.output !== undefined && opts.output !== '-';
  let progress: ReturnType<typeof createProgress> | null = null;
  const report = await runCheck({
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.only ? { only: opts.only } : {}),
    listener: (event) => {
      if (event.type === 'start') progress = createProgress(process.stderr, event.credentials);
      progress?.listener(event);
    },
  });
  const color = !toFile && opts.color !== false && format === 'table' && shouldUseColor(process.stdout, process.env);
  const text = renderReport(report, format, {
    color,
    ...(process.stdout.isTTY && !toFile ? { width: process.stdout.columns } : {}),
    strict: opts.strict === true,
  });
  await writeReport(text, opts.output);
  if (format === 'github') await writeStepSummary(report, process.env, { strict: opts.strict === true });
  return exitCodeFor(report.status, { strict: opts.strict === true });
}
