// The human view: findings grouped by file, then diagnostics and a one-line summary. Colour only on
// a TTY and never with NO_COLOR.

import { styleText } from 'node:util';
import type { ScanResult, Severity } from '../model.js';
import { neutraliseWorkflowCommands } from '../../report/text.js';
import { severityCounts } from './severity.js';

type Style = Parameters<typeof styleText>[0];
const SEVERITY_STYLE: Record<Severity, Style> = { critical: ['bold', 'red'], high: 'red', medium: 'yellow', low: 'cyan' };

/** At most this many consumers are listed; JSON has them all. */
const CONSUMER_LINES = 60;

/** One line per consumer that reads secrets: where, what runs it, which secrets at which lines. */
function consumerLines(result: ScanResult, paint: (style: Style, text: string) => string): string[] {
  const readers = result.consumers.filter((c) => c.secrets.some((s) => !s.automatic));
  if (readers.length === 0) return [];
  const out = [paint('bold', 'Consumers and the secrets they read')];
  for (const c of readers.slice(0, CONSUMER_LINES)) {
    const lines = new Map<string, number[]>();
    for (const s of c.secrets) {
      if (s.automatic) continue;
      const name = s.name === '*' ? `every secret (${s.via})` : s.name;
      lines.set(name, [...(lines.get(name) ?? []), s.line]);
    }
    const secrets = [...lines.entries()].map(([name, at]) => `${name}:${[...new Set(at)].join(',')}`).join('  ');
    const forges = c.forges.length > 0 ? ` [${c.forges.join(', ')}]` : '';
    const schedules = c.triggers.filter((t) => t.cron).map((t) => t.cron);
    const when = schedules.length > 0 ? ` on ${schedules.join('; ')}` : '';
    const notes = c.notes.length > 0 ? ` (${c.notes.join('; ')})` : '';
    out.push(`  ${c.path}  ${paint('dim', `${c.kind}${forges}${when}${notes}`)}`);
    out.push(`      ${secrets}`);
  }
  if (readers.length > CONSUMER_LINES) out.push(`  … and ${readers.length - CONSUMER_LINES} more (--format json lists every consumer)`);
  out.push('');
  return out;
}

/** Renders the scan as text; `color` decides whether ANSI styles are used. */
export function formatTable(result: ScanResult, color: boolean): string {
  // The caller decided (TTY, NO_COLOR, --no-color); styleText must not second-guess it from process.stdout.
  const paint = (style: Style, text: string): string => (color ? styleText(style, text, { validateStream: false }) : text);
  const out: string[] = consumerLines(result, paint);
  let current = '';
  for (const f of result.findings) {
    if (f.file !== current) {
      if (current) out.push('');
      out.push(paint('bold', f.file));
      current = f.file;
    }
    const where = `${f.line}:${f.column}`.padEnd(8);
    out.push(`  ${where}${paint(SEVERITY_STYLE[f.severity], f.severity.padEnd(9))}${f.message}  ${paint('dim', f.rule)}`);
    out.push(`  ${' '.repeat(17)}${paint('dim', `fix: ${f.remedy}`)}`);
  }
  if (result.suppressed.length > 0) {
    if (out.length > 0) out.push('');
    out.push(paint('bold', 'Suppressed'));
    for (const f of result.suppressed) out.push(`  ${f.file}:${f.line}:${f.column} ${f.rule} (${f.by === 'inline' ? 'inline' : 'scan.allow'}): ${f.reason}`);
  }
  if (result.diagnostics.length > 0) {
    if (out.length > 0) out.push('');
    out.push(paint('bold', 'Could not check'));
    for (const d of result.diagnostics) out.push(`  ${d.file}:${d.line}:${d.column}: ${d.message}`);
  }
  const inv = result.inventory;
  if (inv) {
    if (out.length > 0) out.push('');
    out.push(paint('bold', `Against ${inv.inventory}`));
    for (const u of inv.undeclared) out.push(`  undeclared secret ${u.name}, used by ${u.consumers.join(', ')}`);
    for (const u of inv.unused) out.push(`  credential ${u} is declared but no scanned consumer uses it`);
    for (const h of inv.humanPersona) out.push(`  ${h.consumer} uses ${h.credential}, which belongs to human persona ${h.persona}`);
    for (const s of inv.heartbeatSeeds.filter((x) => !x.declared)) out.push(`  ${s.consumer} runs on "${s.schedule}": a heartbeat could watch it`);
    if (inv.undeclared.length + inv.unused.length + inv.humanPersona.length === 0) out.push('  every secret in use is declared, and every credential is used');
  }
  const counts = severityCounts(result.findings);
  const secrets = new Set(result.consumers.flatMap((c) => c.secrets.filter((s) => !s.automatic && s.name !== '*').map((s) => s.name)));
  const parts = (['critical', 'high', 'medium', 'low'] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  if (out.length > 0) out.push('');
  out.push(
    `${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}` +
      ` in ${result.files.length} files; ${result.consumers.length} consumers reading ${secrets.size} secrets` +
      (result.suppressed.length ? `; ${result.suppressed.length} suppressed` : '') +
      (result.diagnostics.length ? `; ${result.diagnostics.length} problems reading files` : ''),
  );
  // Scanned files are often a pull request's: no path or message of theirs may start a workflow command.
  return neutraliseWorkflowCommands(`${out.join('\n')}\n`);
}
