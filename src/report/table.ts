import type { Status } from '../core/status.js';
import type { Verdict } from '../core/verdict.js';
import type { FormatOptions } from './formats.js';
import { forgeDownLine, splitForgeDown } from './forge-down.js';
import type { CredentialReport, Report } from './model.js';
import { paintStatus, style } from './style.js';
import { finishText, identityFacts, needsAttention, neutraliseControls, oneLine, outcomeLine, redactReport, tokenLabel, totalsLine } from './text.js';
import { displayWidth, padEnd, unbreakableWidth, wrap, wrapPath } from './width.js';

export { shouldUseColor } from './style.js';

const HEADERS = ['probe', 'target', 'status', 'class', 'summary'] as const;
const INDENT = '  ';
const GAP = '  ';
const NONE = '—';
// On a terminal, long targets (file paths) wrap in a column of at most this width, so the summary
// keeps most of the line; without a width (CI logs, files) nothing wraps.
const TARGET_MAX = 36;
const TARGET_MIN = 16;
const SUMMARY_WANTED = 36;
// Below this the summary column is unreadable; summaries then go on their own lines under each row.
const SUMMARY_MIN = 24;

interface Layout {
  probe: number;
  target: number;
  status: number;
  klass: number;
  /** Columns before the summary starts. */
  prefix: number;
  summary: number;
  /** Too narrow for a summary column: the summary goes on its own lines under the row. */
  stacked: boolean;
  width: number;
  color: boolean;
}

function layoutFor(report: Report, options: FormatOptions): Layout {
  const verdicts = report.credentials.flatMap((c) => c.probes);
  const widest = (header: string, cells: string[]): number => Math.max(displayWidth(header), ...cells.map(displayWidth));
  const probe = widest('probe', verdicts.map((v) => v.id));
  const status = widest('status', verdicts.map((v) => v.status));
  const klass = widest('class', verdicts.map((v) => v.class ?? NONE));
  const width = options.width ?? Infinity;
  const fixed = INDENT.length + probe + status + klass + 4 * GAP.length;
  // On a narrow terminal the target column gives way first, so the summary keeps SUMMARY_WANTED columns.
  const targetRoom = Number.isFinite(width) ? Math.max(TARGET_MIN, Math.min(TARGET_MAX, width - fixed - SUMMARY_WANTED)) : Infinity;
  const targets = verdicts.map((v) => oneLine(v.target ?? NONE));
  // Never narrower than the longest piece a target cannot be broken into (a word is never cut), unless
  // that would squeeze the summary below its minimum.
  const piece = Math.min(Math.max(0, ...targets.map(unbreakableWidth)), Math.max(TARGET_MIN, width - fixed - SUMMARY_MIN));
  let target = Math.max(Math.min(targetRoom, widest('target', targets)), piece);
  const stacked = width - (fixed + target) < SUMMARY_MIN;
  // Summaries on their own lines leave the whole rest of the row to the target.
  if (stacked) target = Math.max(target, Math.min(widest('target', targets), width - fixed));
  const prefix = fixed + target;
  const summary = stacked ? Math.max(SUMMARY_MIN, width - 2 * INDENT.length) : width - prefix;
  return { probe, target, status, klass, prefix, summary, stacked, width, color: options.color };
}

function statusCell(status: Status, layout: Layout): string {
  return paintStatus(status, status, layout.color) + ' '.repeat(layout.status - displayWidth(status));
}

function headerLine(layout: Layout): string {
  const [p, t, s, k, summary] = HEADERS;
  const cells = [padEnd(p, layout.probe), padEnd(t, layout.target), padEnd(s, layout.status), padEnd(k, layout.klass), layout.stacked ? '' : summary];
  return style('dim', INDENT + cells.join(GAP), layout.color);
}

function verdictLines(v: Verdict, layout: Layout): string[] {
  // Target and summary wrap inside their columns (nothing is cut: a branch name at the end of a
  // target matters); the row takes as many lines as the taller of the two.
  const targets = wrapPath(oneLine(v.target ?? NONE), layout.target);
  const summary = wrap(neutraliseControls(v.summary).replace(/\t/g, ' '), layout.summary);
  const lines: string[] = [];
  const beside = layout.stacked ? [] : summary;
  for (let i = 0; i < Math.max(targets.length, beside.length); i += 1) {
    const first = i === 0;
    const cells = [
      padEnd(first ? v.id : '', layout.probe),
      padEnd(targets[i] ?? '', layout.target),
      first ? statusCell(v.status, layout) : ' '.repeat(layout.status),
      padEnd(first ? (v.class ?? NONE) : '', layout.klass),
      beside[i] ?? '',
    ];
    lines.push(INDENT + cells.join(GAP));
  }
  if (layout.stacked) lines.push(...summary.map((line) => INDENT + INDENT + line));
  if (needsAttention(v.status) && v.remedy !== null) {
    // The remedy is runbook text: give it the full width under the row, not the summary column.
    const pad = `${INDENT}${INDENT}`;
    const label = 'remedy: ';
    const body = wrap(neutraliseControls(v.remedy).replace(/\t/g, ' '), layout.width - pad.length - label.length);
    body.forEach((line, i) => lines.push(pad + (i === 0 ? label : ' '.repeat(label.length)) + line));
  }
  return lines;
}

function credentialHeading(c: CredentialReport, layout: Layout): string[] {
  // Status first: it is what a reader scans for, and at the line start it is never split by wrapping.
  const word = c.status.toUpperCase();
  const facts = [oneLine(c.name), ...identityFacts(c, oneLine), tokenLabel(c)];
  const lines = wrap(`${word} ${facts.join(' · ')}`, Math.max(SUMMARY_MIN, layout.width));
  lines[0] = paintStatus(c.status, word, layout.color, true) + lines[0]!.slice(word.length);
  return lines;
}

/** `--format table`: the people-readable report, grouped by credential, with remedies under problem rows. */
export function formatTable(report: Report, options: FormatOptions): string {
  const r = redactReport(report);
  const layout = layoutFor(r, options);
  const lines: string[] = [];
  if (r.credentials.length === 0) lines.push('no credentials checked', '');
  const { shown, groups } = splitForgeDown(r.credentials);
  for (const credential of shown) {
    lines.push(...credentialHeading(credential, layout));
    if (credential.probes.length === 0) lines.push(`${INDENT}(no probes ran)`);
    else {
      lines.push(headerLine(layout));
      for (const v of credential.probes) lines.push(...verdictLines(v, layout));
    }
    lines.push('');
  }
  for (const g of groups) lines.push(...wrap(oneLine(forgeDownLine(g)), Math.max(SUMMARY_MIN, layout.width)), '');
  lines.push(totalsLine(r.counts));
  const outcome = outcomeLine(r, options.strict);
  const word = r.status.toUpperCase();
  lines.push(`overall: ${paintStatus(r.status, word, options.color, true)}${outcome.slice(word.length)}`);
  return finishText(`${lines.map((l) => l.trimEnd()).join('\n')}\n`);
}
