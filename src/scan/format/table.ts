// The human view: findings grouped by file, then diagnostics and a one-line summary. Colour only on
// a TTY and never with NO_COLOR. On a terminal every line wraps at word boundaries to its width (in a
// log or file nothing wraps); a rule's fix, runbook text of a few hundred characters, is printed once
// per file group and in full only the first time.

import { styleText } from 'node:util';
import { displayWidth, hangingWrap, wrapPath } from '../../report/width.js';
import { neutraliseWorkflowCommands } from '../../report/text.js';
import type { Consumer, ScanResult, Severity } from '../model.js';
import { severityCounts } from './severity.js';

type Style = Parameters<typeof styleText>[0];
type Paint = (style: Style, text: string) => string;
const SEVERITY_STYLE: Record<Severity, Style> = { critical: ['bold', 'red'], high: 'red', medium: 'yellow', low: 'cyan' };

/** How the table is drawn: colours, and the terminal's width (`Infinity` in logs and files: no wrapping). */
export interface ScanTableOptions {
  color: boolean;
  width?: number;
}

/** At most this many consumers are listed; JSON has them all. */
const CONSUMER_LINES = 60;
// Below this, wrapping would leave a word or two per line; lines then run long instead.
const MIN_WIDTH = 40;

/**
 * Consumers that read a secret of their own (not only the forge's automatic per-run token), or load
 * an env file the scan could not read (which may hold one).
 */
export function secretReaders(result: ScanResult): Consumer[] {
  return result.consumers.filter((c) => c.secrets.some((s) => !s.automatic) || c.envFiles.some((e) => e.resolved === null));
}

/** One entry per consumer that reads secrets: where, what runs it, which secrets at which lines. */
function consumerLines(readers: readonly Consumer[], paint: Paint, width: number): string[] {
  if (readers.length === 0) return [];
  const out = [paint('bold', 'Consumers and the secrets they read')];
  for (const c of readers.slice(0, CONSUMER_LINES)) {
    const lines = new Map<string, number[]>();
    for (const s of c.secrets) {
      if (s.automatic) continue;
      const name = s.name === '*' ? `every secret (${s.via})` : s.name;
      lines.set(name, [...(lines.get(name) ?? []), s.line]);
    }
    const secrets = [...lines.entries()].map(([name, at]) => `${name}:${[...new Set(at)].join(',')}`).join(', ');
    const forges = c.forges.length > 0 ? ` [${c.forges.join(', ')}]` : '';
    const schedules = c.triggers.filter((t) => t.cron).map((t) => t.cron);
    const when = schedules.length > 0 ? ` on ${schedules.join('; ')}` : '';
    const notes = c.notes.length > 0 ? ` (${c.notes.join('; ')})` : '';
    const about = `${c.kind}${forges}${when}${notes}`;
    if (displayWidth(`  ${c.path}  ${about}`) <= width) out.push(`  ${c.path}  ${paint('dim', about)}`);
    else {
      // Too long for one line: the path on its own (broken only after a `/`), what runs it under it.
      out.push(...wrapPath(c.path, width - 2).map((l) => `  ${l}`));
      out.push(...hangingWrap('      ', about, width).map((l) => paint('dim', l)));
    }
    out.push(...hangingWrap('      ', secrets === '' ? '(secrets unknown: see the note above)' : secrets, width));
  }
  if (readers.length > CONSUMER_LINES) out.push(`  … and ${readers.length - CONSUMER_LINES} more (--format json lists every consumer)`);
  out.push('');
  return out;
}

/** The findings, grouped by file; each rule's fix once per group, in full the first time it appears. */
function findingLines(result: ScanResult, paint: Paint, width: number): string[] {
  const out: string[] = [];
  const explained = new Map<string, string>();
  const groups = new Map<string, typeof result.findings>();
  for (const f of result.findings) groups.set(f.file, [...(groups.get(f.file) ?? []), f]);
  for (const [file, findings] of groups) {
    if (out.length > 0) out.push('');
    out.push(paint('bold', file));
    const fixes = new Map<string, string>();
    for (const f of findings) {
      const head = `  ${`${f.line}:${f.column}`.padEnd(8)}${f.severity.padEnd(9)}`;
      const lines = hangingWrap(head, `${f.message} (${f.rule})`, width);
      // Colour the severity word and the rule id (the last word) without changing the layout.
      lines[0] = lines[0]!.replace(f.severity, paint(SEVERITY_STYLE[f.severity], f.severity));
      const last = lines.length - 1;
      lines[last] = lines[last]!.replace(`(${f.rule})`, paint('dim', `(${f.rule})`));
      out.push(...lines);
      if (!fixes.has(f.rule)) fixes.set(f.rule, f.remedy);
    }
    for (const [rule, remedy] of fixes) {
      const first = explained.get(rule);
      const text = first === undefined ? remedy : `given above, under ${first}`;
      if (first === undefined) explained.set(rule, file);
      out.push(...hangingWrap(`  fix (${rule}): `, text, width).map((l) => paint('dim', l)));
    }
  }
  return out;
}

/** Renders the scan as text. */
export function formatTable(result: ScanResult, options: ScanTableOptions): string {
  const { color } = options;
  const width = options.width !== undefined && options.width >= MIN_WIDTH ? options.width : Infinity;
  // The caller decided (TTY, NO_COLOR, --no-color); styleText must not second-guess it from process.stdout.
  const paint: Paint = (style, text) => (color ? styleText(style, text, { validateStream: false }) : text);
  const readers = secretReaders(result);
  const out: string[] = consumerLines(readers, paint, width);
  const findings = findingLines(result, paint, width);
  if (findings.length > 0 && out.length > 0 && out.at(-1) !== '') out.push('');
  out.push(...findings);
  if (result.suppressed.length > 0) {
    if (out.length > 0) out.push('');
    out.push(paint('bold', 'Suppressed'));
    for (const f of result.suppressed) out.push(...hangingWrap('    ', `${f.file}:${f.line}:${f.column} ${f.rule} (${f.by === 'inline' ? 'inline' : 'scan.allow'}): ${f.reason}`, width).map((l, i) => (i === 0 ? `  ${l.trimStart()}` : l)));
  }
  if (result.diagnostics.length > 0) {
    if (out.length > 0) out.push('');
    out.push(paint('bold', 'Could not check'));
    for (const d of result.diagnostics) out.push(...hangingWrap('    ', `${d.file}:${d.line}:${d.column}: ${d.message}`, width).map((l, i) => (i === 0 ? `  ${l.trimStart()}` : l)));
  }
  const inv = result.inventory;
  if (inv) {
    if (out.length > 0) out.push('');
    out.push(paint('bold', `Against ${inv.inventory}`));
    const say = (text: string): void => void out.push(...hangingWrap('    ', text, width).map((l, i) => (i === 0 ? `  ${l.trimStart()}` : l)));
    for (const u of inv.undeclared) say(`undeclared secret ${u.name}, used by ${u.consumers.join(', ')}`);
    for (const u of inv.unused) say(`credential ${u} is declared but no scanned consumer uses it`);
    for (const h of inv.humanPersona) say(`${h.consumer} uses ${h.credential}, which belongs to human persona ${h.persona}`);
    for (const s of inv.heartbeatSeeds.filter((x) => !x.declared)) say(`${s.consumer} runs on "${s.schedule}": a heartbeat could watch it`);
    if (inv.undeclared.length + inv.unused.length + inv.humanPersona.length === 0) say('every secret in use is declared, and every credential is used');
  }
  const counts = severityCounts(result.findings);
  const secrets = new Set(readers.flatMap((c) => c.secrets.filter((s) => !s.automatic && s.name !== '*').map((s) => s.name)));
  const parts = (['critical', 'high', 'medium', 'low'] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  // The count is of the consumers listed above; the others use only the forge's own per-run token.
  const others = result.consumers.length - readers.length;
  if (out.length > 0) out.push('');
  const summary =
    `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}` +
    ` in ${result.files.length} files; ${readers.length} consumer${readers.length === 1 ? '' : 's'} reading ${secrets.size} secret${secrets.size === 1 ? '' : 's'}` +
    (others > 0 ? ` (and ${others} using only the forge's per-run token)` : '') +
    (result.suppressed.length ? `; ${result.suppressed.length} suppressed` : '') +
    (result.diagnostics.length ? `; ${result.diagnostics.length} problems reading files` : '');
  out.push(...hangingWrap('', summary, width));
  // Scanned files are often a pull request's: no path or message of theirs may start a workflow command,
  // checked after wrapping because a wrap can break a line just before a `::`.
  return neutraliseWorkflowCommands(`${out.map((l) => l.trimEnd()).join('\n')}\n`);
}
