import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { UserError } from '../core/errors.js';
import { formatGithub, plainBlock, workflowCommand } from '../report/github.js';
import { mdInline } from '../report/markdown.js';
import type { Report } from '../report/model.js';
import { finishText, neutraliseControls, oneLine } from '../report/text.js';
import { redact } from '../secrets/redact.js';
import { stepSummaryProblem } from '../io/outputs.js';
import { describeWriteError } from '../io/writable.js';
import type { Runner } from './context.js';
import type { TrustDecision } from './decide.js';

/** `--format` values of `gate`. */
export const GATE_FORMATS = ['auto', 'github', 'gitlab', 'plain'] as const;

/** A `gate --format` value. */
export type GateFormat = (typeof GATE_FORMATS)[number];

/** The one-line usage shown with every argument error. */
export const GATE_USAGE =
  'usage: credcanary gate NAME... [--verify] [--config FILE] [--format auto|github|gitlab|plain] [--junit FILE] [--quiet]';

/** Checks a `--format` value; an unknown one is a usage error (exit 2). */
export function parseGateFormat(value: string): GateFormat {
  if ((GATE_FORMATS as readonly string[]).includes(value)) return value as GateFormat;
  throw new UserError(`unknown --format "${value}"`, [`expected one of: ${GATE_FORMATS.join(', ')}`, GATE_USAGE]);
}

/**
 * What `auto` means on each runner: GitHub and act understand workflow commands; Gitea and Forgejo print
 * them as plain text and drop step summaries, so they get the framed plain block; GitLab gets plain text.
 */
export function resolveFormat(format: GateFormat, runner: Runner): Exclude<GateFormat, 'auto'> {
  if (format !== 'auto') return format;
  if (runner === 'github' || runner === 'act') return 'github';
  if (runner === 'gitlab') return 'gitlab';
  return 'plain';
}

/** The decision and its evidence as plain lines (no line can start with `::`). */
export function decisionLines(decision: TrustDecision): string[] {
  const verdict = decision.trusted ? 'TRUSTED (a missing secret is an error)' : 'UNTRUSTED (a missing secret only warns)';
  const evidence = Object.entries(decision.evidence).map(([k, v]) => `    ${k} = ${oneLine(v)}`);
  return [`credcanary gate: context ${verdict}`, `  rule ${decision.rule}: ${oneLine(decision.reason)}`, '  evidence:', ...evidence];
}

/**
 * The gate's log text. `github`: notices for present secrets and the shared `formatGithub` output, with
 * the decision fenced by `::stop-commands::` (payload text such as repository names must never be read
 * as a workflow command). `plain`/`gitlab`: the decision and the shared plain block.
 */
export function renderGate(report: Report, decision: TrustDecision, format: Exclude<GateFormat, 'auto'>, now: Date = new Date()): string {
  const decisionText = format === 'gitlab' ? gitlabSection(decisionLines(decision), now) : decisionLines(decision).join('\n');
  if (format === 'github') {
    const fence = randomUUID();
    const notices = report.credentials
      .filter((c) => c.status === 'pass')
      .map((c) => workflowCommand('notice', `credcanary gate: ${c.name}`, `${c.name} is set${c.probes.length > 1 ? ' and its check passed' : ''}`));
    const body = [`::stop-commands::${fence}`, decisionText, `::${fence}::`, ...notices].join('\n');
    return redact(`${body}\n${formatGithub(report, { color: false })}`);
  }
  // The plain block lists only what needs attention; this line per secret shows what was looked at.
  const perSecret = report.credentials.map((c) => `  ${c.name}: ${c.status} (${c.probes.map((v) => `${v.id} ${v.status}`).join(', ')})`);
  return finishText(`${[decisionText, ...perSecret].join('\n')}\n${plainBlock(report)}`);
}

/**
 * GitLab has no annotations; its job log folds collapsible sections. The headline stays visible, the
 * rule and evidence fold under it (`section_start`/`section_end` markers, doc/ci/jobs/job_logs.md).
 */
export function gitlabSection(lines: readonly string[], now: Date): string {
  const ts = Math.floor(now.getTime() / 1000);
  const [headline = '', ...rest] = lines;
  const start = `\x1b[0Ksection_start:${ts}:credcanary_gate[collapsed=true]\r\x1b[0K${headline}`;
  const end = `\x1b[0Ksection_end:${ts}:credcanary_gate\r\x1b[0K`;
  return [start, ...rest, end].join('\n');
}

/** Markdown for `$GITHUB_STEP_SUMMARY` saying which context the gate decided on (the report table follows). */
export function decisionMarkdown(decision: TrustDecision): string {
  const word = decision.trusted ? 'trusted' : 'untrusted';
  const evidence = Object.entries(decision.evidence)
    .map(([k, v]) => `${mdInline(k)}=${mdInline(neutraliseControls(v))}`)
    .join(', ');
  return `**credcanary gate**: context ${word} (rule \`${decision.rule}\`): ${mdInline(decision.reason)}<br>evidence: ${evidence}\n\n`;
}

/** Appends the gate's decision to the step summary file, when the runner provides one; returns a warning when it cannot. */
export async function writeDecisionSummary(decision: TrustDecision, env: NodeJS.ProcessEnv): Promise<string | null> {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (file === undefined || file === '') return null;
  try {
    await appendFile(file, redact(decisionMarkdown(decision)), 'utf8');
    return null;
  } catch (err) {
    return stepSummaryProblem(file, describeWriteError(err));
  }
}
