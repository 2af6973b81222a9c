import { randomUUID } from 'node:crypto';
import { appendFile, stat } from 'node:fs/promises';
import type { Verdict } from '../core/verdict.js';
import { stepSummaryProblem } from '../io/outputs.js';
import { describeWriteError } from '../io/writable.js';
import { redact } from '../secrets/redact.js';
import type { FormatOptions } from './formats.js';
import { forgeDownLine, splitForgeDown } from './forge-down.js';
import { formatMarkdown } from './markdown.js';
import type { CredentialReport, Report } from './model.js';
import { formatTable } from './table.js';
import { allVerdicts, finishText, needsAttention, neutraliseControls, oneLine, outcomeLine, probeLabel, redactReport, totalsLine } from './text.js';

/** GitHub shows at most this many error and this many warning annotations per step. */
export const ANNOTATION_LIMIT = 10;
/** GitHub rejects a step summary larger than this (bytes). */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

/** Escapes a workflow-command message: `%`, CR, LF (actions/toolkit `escapeData`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow-command property value: the message escapes plus `:` and `,` (toolkit `escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line, e.g. `::error title=…::message`. */
export function workflowCommand(name: 'error' | 'warning' | 'notice', title: string, message: string): string {
  return `::${name} title=${escapeProperty(title)}::${escapeData(message)}`;
}

/** `credcanary: AUTO_SYNC_TOKEN identity (revoked)`. */
function annotationTitle(credential: CredentialReport, v: Verdict): string {
  return oneLine(`credcanary: ${credential.name} ${probeLabel(v)} (${v.class ?? v.status})`);
}

function annotationMessage(v: Verdict): string {
  // Controls other than CR/LF are neutralised; CR and LF survive as %0D/%0A, which GitHub renders as line breaks.
  const text = v.remedy === null ? v.summary : `${v.summary}\nRemedy: ${v.remedy}`;
  const prefix = v.status === 'inconclusive' ? 'Inconclusive: ' : '';
  return prefix + text.split('\r').map(neutraliseControls).join('\r');
}

/**
 * At most `ANNOTATION_LIMIT` commands of one kind: past the limit GitHub drops annotations silently,
 * so the last slot says how many more there are instead of one of them vanishing unseen.
 */
function capped(kind: 'error' | 'warning', items: Array<{ credential: CredentialReport; verdict: Verdict }>): string[] {
  const lines = (list: typeof items) => list.map(({ credential, verdict }) => workflowCommand(kind, annotationTitle(credential, verdict), annotationMessage(verdict)));
  if (items.length <= ANNOTATION_LIMIT) return lines(items);
  const shown = items.slice(0, ANNOTATION_LIMIT - 1);
  const rest = items.slice(ANNOTATION_LIMIT - 1);
  const noun = kind === 'error' ? 'failures' : 'warnings';
  const names = rest.map(({ credential, verdict }) => `${credential.name} ${probeLabel(verdict)}`).join(', ');
  return [...lines(shown), workflowCommand(kind, `credcanary: ${rest.length} more ${noun}`, `${rest.length} more ${noun} (see the log table and step summary): ${names}`)];
}

/**
 * `--format github`: an `::error` per fail and a `::warning` per warn/inconclusive (each kind capped
 * at the per-step annotation limit), then the plain table for the log. The table is fenced with
 * `::stop-commands::` so no line of server-supplied text can be taken for a workflow command.
 */
export function formatGithub(report: Report, options: FormatOptions): string {
  const r = redactReport(report);
  const rows = allVerdicts(r);
  const errors = capped('error', rows.filter(({ verdict }) => verdict.status === 'fail'));
  const warnings = capped('warning', rows.filter(({ verdict }) => verdict.status === 'warn' || verdict.status === 'inconclusive'));
  const fence = randomUUID();
  const table = formatTable(r, { ...options, color: false, width: undefined });
  const lines = [...errors, ...warnings, `::stop-commands::${fence}`, table.trimEnd(), `::${fence}::`];
  return redact(`${lines.join('\n')}\n`);
}

/**
 * For Gitea and Forgejo runners, which print `::error::` as plain text and drop step summaries: a
 * framed plain-text block that reads well in a raw log. Also used by `gate`.
 */
export function plainBlock(report: Report, options: { strict?: boolean } = {}): string {
  const r = redactReport(report);
  const outcome = outcomeLine(r, options.strict);
  const lines = [`==== credcanary: ${outcome} ====`, totalsLine(r.counts)];
  const { shown, groups } = splitForgeDown(r.credentials);
  for (const { credential, verdict } of allVerdicts({ ...r, credentials: shown })) {
    if (!needsAttention(verdict.status)) continue;
    const head = `${verdict.status.toUpperCase()} ${credential.name} ${probeLabel(verdict)} (${verdict.class ?? verdict.status})`;
    lines.push(oneLine(head), ...indentLines('  ', neutraliseControls(verdict.summary)));
    if (verdict.remedy !== null) lines.push(...indentLines('  remedy: ', neutraliseControls(verdict.remedy)));
  }
  for (const g of groups) lines.push(oneLine(forgeDownLine(g)));
  lines.push(`==== end credcanary: ${r.status.toUpperCase()} ====`);
  return finishText(`${lines.join('\n')}\n`);
}

/** Prefixes every line with `prefix` (the first) or as many spaces (the rest), so no line can start with `::`. */
function indentLines(prefix: string, text: string): string[] {
  return text.split('\n').map((line, i) => (i === 0 ? prefix : ' '.repeat(prefix.length)) + line.replace(/\t/g, ' '));
}

/** What `writeStepSummary` did. */
export interface StepSummaryResult {
  written: boolean;
  truncated: boolean;
  bytes: number;
  /** Why it could not be written (a warning for the caller to print; the verdict stands). */
  problem?: string;
}

// UTF-8 safe cut at a line boundary, keeping <details> balanced so the truncation note stays visible.
function truncateMarkdown(markdown: string, budget: number, fullBytes: number): string {
  const note = `\n\n> **Truncated:** the full summary is ${fullBytes} bytes, over GitHub's ${STEP_SUMMARY_LIMIT}-byte step summary limit. Use \`--format json --output FILE\` and upload it as an artifact.\n`;
  const room = budget - Buffer.byteLength(note) - 64;
  if (room <= 0) return '';
  let cut = Buffer.from(markdown).subarray(0, room).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  const lastBreak = cut.lastIndexOf('\n');
  if (lastBreak > 0) cut = cut.slice(0, lastBreak);
  const open = (cut.match(/<details>/g) ?? []).length - (cut.match(/<\/details>/g) ?? []).length;
  return `${cut}${'\n\n</details>'.repeat(Math.max(0, open))}${note}`;
}

/**
 * Appends the markdown report to `$GITHUB_STEP_SUMMARY` when the runner set it, within the 1 MiB
 * per-step limit (what is already in the file counts): over the limit it truncates with a note.
 */
export async function writeStepSummary(report: Report, env: NodeJS.ProcessEnv, options: { strict?: boolean } = {}): Promise<StepSummaryResult> {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (file === undefined || file === '') return { written: false, truncated: false, bytes: 0 };
  const markdown = formatMarkdown(report, { color: false, strict: options.strict });
  const existing = await stat(file).then((s) => s.size, () => 0);
  const budget = STEP_SUMMARY_LIMIT - existing;
  const full = Buffer.byteLength(markdown);
  const text = full <= budget ? markdown : truncateMarkdown(markdown, budget, full);
  if (text === '') return { written: false, truncated: true, bytes: 0 };
  try {
    await appendFile(file, redact(text), 'utf8');
  } catch (err) {
    return { written: false, truncated: false, bytes: 0, problem: stepSummaryProblem(file, describeWriteError(err)) };
  }
  return { written: true, truncated: text !== markdown, bytes: Buffer.byteLength(text) };
}
