import type { Status } from '../core/status.js';
import type { FormatOptions } from './formats.js';
import type { Report } from './model.js';
import { allVerdicts, finishText, identityFacts, needsAttention, neutraliseControls, outcomeLine, probeLabel, redactReport, tokenLabel, totalsLine } from './text.js';

/** The emoji shown beside each status word. */
export const STATUS_EMOJI: Record<Status, string> = {
  pass: '✅',
  warn: '⚠️',
  fail: '❌',
  inconclusive: '❔',
  skipped: '⏭️',
};

/**
 * Markdown-safe inline text: backslash-escapes the punctuation that would start emphasis, code,
 * links, HTML or a table cell break, and turns line breaks into `<br>` so a cell stays one row.
 */
export function mdInline(text: string): string {
  return neutraliseControls(text)
    .replace(/[\\`*_[\]<>|~&!#]/g, (c) => `\\${c}`)
    .replace(/\t/g, ' ')
    .replace(/\n/g, '<br>');
}

function statusCell(status: Status): string {
  return `${STATUS_EMOJI[status]} ${status}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function durationText(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** `--format markdown`: a step-summary document (headline, a table per credential, remedies folded away). */
export function formatMarkdown(report: Report, options: FormatOptions): string {
  const r = redactReport(report);
  const probes = r.credentials.reduce((n, c) => n + c.probes.length, 0);
  const out: string[] = [
    `## ${STATUS_EMOJI[r.status]} credcanary: ${outcomeLine(r, options.strict)}`,
    '',
    `**${totalsLine(r.counts)}** — ${plural(probes, 'probe')} across ${plural(r.credentials.length, 'credential')} in ${durationText(r.durationMs)}`,
    '',
  ];
  for (const c of r.credentials) {
    out.push(`### ${STATUS_EMOJI[c.status]} ${mdInline(c.name)}`, '');
    out.push([...identityFacts(c, mdInline), tokenLabel(c), `**${c.status}**`].join(' · '), '');
    if (c.probes.length === 0) {
      out.push('_no probes ran_', '');
      continue;
    }
    out.push('| probe | target | status | class | summary |', '|---|---|---|---|---|');
    for (const v of c.probes) {
      const cells = [v.id, v.target === null ? '—' : mdInline(v.target), statusCell(v.status), v.class ?? '—', mdInline(v.summary)];
      out.push(`| ${cells.join(' | ')} |`);
    }
    out.push('');
  }
  const problems = allVerdicts(r).filter(({ verdict }) => needsAttention(verdict.status) && verdict.remedy !== null);
  if (problems.length > 0) {
    out.push('<details>', `<summary>Remedies (${problems.length})</summary>`, '');
    for (const { credential, verdict } of problems) {
      const head = `${STATUS_EMOJI[verdict.status]} **${mdInline(`${credential.name} ${probeLabel(verdict)}`)}** (${verdict.status}, ${verdict.class ?? 'unclassified'})`;
      out.push(`- ${head}: ${mdInline(verdict.remedy ?? '')}`);
    }
    out.push('', '</details>', '');
  }
  return finishText(`${out.join('\n').trimEnd()}\n`);
}
