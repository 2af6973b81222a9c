import { appendFile } from 'node:fs/promises';
import { UserError } from '../core/errors.js';
import { exitCodeFor, type ExitCode } from '../core/exit-codes.js';
import { inventoryKept, preflightOutputs, printWarning } from '../io/outputs.js';
import { writeStepSummary } from '../report/github.js';
import { formatJunit } from '../report/junit.js';
import type { Report } from '../report/model.js';
import { writeReport } from '../report/render.js';
import { registerSecret } from '../secrets/redact.js';
import { readGateContext, type ReadText } from './context.js';
import { decideTrust } from './decide.js';
import { GATE_USAGE, renderGate, resolveFormat, writeDecisionSummary, type GateFormat } from './render.js';
import { gateReport, mergeReports, readSecrets, type SecretPresence } from './verdicts.js';

/** What `credcanary gate` was asked to do. */
export interface GateOptions {
  names: readonly string[];
  format: GateFormat;
  /** Also run the live check for the present secrets. */
  verify?: boolean;
  config?: string;
  /** Write a JUnit report here (GitLab's MR widget reads it via artifacts:reports:junit). */
  junit?: string;
  /** Print nothing when every secret passed (`gate TOKEN && job` in cron then mails nothing). */
  quiet?: boolean;
}

/** Where the gate writes and what it reads; injectable for tests. */
export interface GateIo {
  write: (text: string) => void;
  now?: () => Date;
  readText?: ReadText;
}

// Secret names become env lookups and GITHUB_OUTPUT keys, so they must be plain identifiers (no
// newline can smuggle a second output line into $GITHUB_OUTPUT).
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks the names: at least one, each an environment variable name. */
export function validateNames(names: readonly string[]): void {
  if (names.length === 0) throw new UserError('no secret names given', [GATE_USAGE]);
  const bad = names.filter((n) => !SECRET_NAME.test(n));
  if (bad.length > 0) {
    throw new UserError(`not an environment variable name: ${bad.map((n) => JSON.stringify(n)).join(', ')}`, [
      'expected names of letters, digits and "_", not starting with a digit (e.g. AUTO_SYNC_TOKEN)',
      GATE_USAGE,
    ]);
  }
}

/** Runs the gate: decides trust, judges each secret, prints, writes outputs, and returns the exit code. */
export async function runGate(options: GateOptions, env: NodeJS.ProcessEnv, io: GateIo): Promise<ExitCode> {
  validateNames(options.names);
  const now = io.now ?? (() => new Date());
  const startedAt = now();
  const ctx = readGateContext(env, io.readText);
  const decision = decideTrust(ctx);
  const secrets = readSecrets(options.names, env);
  for (const s of secrets) if (s.value !== null) registerSecret(s.value);
  const format = resolveFormat(options.format, ctx.runner);
  // Before --verify probes anything: a bad --junit path is a usage error naming --junit.
  await preflightOutputs([{ flag: '--junit', path: options.junit }], inventoryKept(options.config, env));

  let report = gateReport(secrets, ctx, decision, startedAt, now());
  if (options.verify) report = await withCheck(report, secrets, options, env, now);

  // Quiet silences only the log: outputs, JUnit and step summaries are files later steps read.
  const silent = options.quiet === true && report.status === 'pass';
  if (!silent) io.write(renderGate(report, decision, format, now()));
  if (format === 'github') {
    // The step summary is a convenience: a problem with it is a warning that keeps the verdict.
    const problem = (await writeDecisionSummary(decision, env)) ?? (await writeStepSummary(report, env)).problem;
    if (problem) printWarning(problem);
  }
  await writeOutputs(secrets, env);
  if (options.junit !== undefined) await writeReport(formatJunit(report, { color: false }), options.junit, '--junit');
  return exitCodeFor(report.status);
}

/** `--verify`: the live check for the secrets that are present (nothing to verify for missing ones). */
async function withCheck(
  report: Report,
  secrets: readonly SecretPresence[],
  options: GateOptions,
  env: NodeJS.ProcessEnv,
  now: () => Date,
): Promise<Report> {
  const present = secrets.filter((s) => s.value !== null).map((s) => s.name);
  if (present.length === 0) return report;
  // Loaded only when asked for: a plain gate stays a small, dependency-free step.
  const { runCheck } = await import('../engine/run-check.js');
  const check = await runCheck({ config: options.config, only: present, env });
  return mergeReports(report, check, now());
}

/**
 * Appends `present=true|false` (all secrets set?) and `NAME_present=true|false` to `$GITHUB_OUTPUT`,
 * so later steps can skip when a secret is legitimately withheld.
 */
export async function writeOutputs(secrets: readonly SecretPresence[], env: NodeJS.ProcessEnv): Promise<void> {
  const file = env['GITHUB_OUTPUT'];
  if (file === undefined || file === '') return;
  const all = secrets.every((s) => s.value !== null);
  const lines = [`present=${all}`, ...secrets.map((s) => `${s.name}_present=${s.value !== null}`)];
  try {
    await appendFile(file, `${lines.join('\n')}\n`, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(`cannot append the gate's outputs to $GITHUB_OUTPUT (${file}): ${code}`, [
      'expected the file the runner provides; unset GITHUB_OUTPUT when running outside a workflow',
    ]);
  }
}
