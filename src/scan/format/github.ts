// GitHub workflow-command annotations (`::error file=…,line=…::message`), escaped per the toolkit.

import type { ScanResult } from '../model.js';

/** Escapes a message: `%`, CR, LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value: as a message, plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const LEVEL = { critical: 'error', high: 'error', medium: 'warning', low: 'notice' } as const;
type Level = (typeof LEVEL)[keyof typeof LEVEL];

/** GitHub shows at most this many annotations of each kind per step and drops the rest unseen. */
export const ANNOTATION_LIMIT = 10;

const NOUN: Record<Level, string> = { error: 'errors', warning: 'warnings', notice: 'notices' };

/**
 * One annotation per finding and diagnostic, at most `ANNOTATION_LIMIT` of each kind: past it, the
 * last slot says how many more there are and where they all are, instead of GitHub dropping them silently.
 */
export function formatGithub(result: ScanResult): string {
  const byLevel: Record<Level, string[]> = { error: [], warning: [], notice: [] };
  for (const f of result.findings) {
    const props = `file=${escapeProperty(f.file)},line=${f.line},col=${f.column},title=${escapeProperty(`credcanary ${f.rule} (${f.severity})`)}`;
    byLevel[LEVEL[f.severity]].push(`::${LEVEL[f.severity]} ${props}::${escapeData(`${f.message}\nRemedy: ${f.remedy}`)}`);
  }
  for (const d of result.diagnostics) {
    byLevel.warning.push(`::warning file=${escapeProperty(d.file)},line=${d.line},col=${d.column},title=credcanary scan::${escapeData(d.message)}`);
  }
  const lines = (['error', 'warning', 'notice'] as const).flatMap((level) => capped(level, byLevel[level]));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function capped(level: Level, lines: string[]): string[] {
  if (lines.length <= ANNOTATION_LIMIT) return lines;
  const more = lines.length - (ANNOTATION_LIMIT - 1);
  const title = escapeProperty(`credcanary scan: ${more} more ${NOUN[level]}`);
  const message = `${more} more ${NOUN[level]} are not annotated here (GitHub shows ${ANNOTATION_LIMIT} per step). ` +
    'Every finding is in the SARIF (--format sarif, for code scanning) and the JSON (--format json); the table (--format table) lists them in the log.';
  return [...lines.slice(0, ANNOTATION_LIMIT - 1), `::${level} title=${title}::${escapeData(message)}`];
}
