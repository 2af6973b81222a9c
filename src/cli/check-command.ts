import { exitCodeFor, type ExitCode } from '../core/exit-codes.js';
import { runCheck } from '../engine/run-check.js';
import { inventoryKept, preflightOutputs, printWarning, stepSummaryWarning } from '../io/outputs.js';
import type { LogLevel } from '../engine/logger.js';
import { parseReportFormat } from '../report/formats.js';
import { plainBlock, writeStepSummary } from '../report/github.js';
import { createProgress } from '../report/progress.js';
import { renderReport, writeReport } from '../report/render.js';
import { shouldUseColor } from '../report/style.js';
import type { CheckCliOptions } from './commands/check.js';

// Gitea and Forgejo runners show workflow commands as plain text and drop summaries (reference §8).
function giteaRunner(): boolean {
  return process.env['FORGEJO_ACTIONS'] === 'true' || process.env['GITEA_ACTIONS'] === 'true';
}

/** Runs `check` end to end: probes, renders, writes, and decides the exit code. */
export async function runCheckCommand(opts: CheckCliOptions): Promise<ExitCode> {
  const format = parseReportFormat(opts.format);
  const toFile = opts.output !== undefined && opts.output !== '-';
  let progress: ReturnType<typeof createProgress> | null = null;
  const logLevel = (opts.logLevel ?? 'silent') as LogLevel;
  // Before any probe: an unwritable report file is a usage error now, not after the verdicts are in.
  await preflightOutputs(
    [
      { flag: '--output', path: opts.output },
      { flag: '--junit', path: opts.junit },
    ],
    inventoryKept(opts.config),
  );
  const summaryWarning = format === 'github' && !giteaRunner() ? await stepSummaryWarning(process.env) : null;
  if (summaryWarning !== null) printWarning(summaryWarning);
  // pino is loaded only when a log is asked for: most runs are silent, and start-up is part of every run.
  const logger = logLevel === 'silent' ? null : (await import('../engine/logger.js')).createLogger(logLevel);
  const report = await runCheck({
    ...(logger ? { logger } : {}),
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
  if (opts.junit) await writeReport(renderReport(report, 'junit', { color: false }), opts.junit, '--junit');
  if (format === 'github') {
    // The block belongs in the job log, which is all those runners show, wherever --output sends the report.
    if (giteaRunner()) await writeReport(plainBlock(report, { strict: opts.strict === true }));
    else if (summaryWarning === null) {
      const written = await writeStepSummary(report, process.env, { strict: opts.strict === true });
      if (written.problem) printWarning(written.problem);
    }
  }
  return exitCodeFor(report.status, { strict: opts.strict === true });
}
