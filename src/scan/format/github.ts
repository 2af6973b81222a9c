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

/** One annotation line per finding and diagnostic. */
export function formatGithub(result: ScanResult): string {
  const lines: string[] = [];
  for (const f of result.findings) {
    const props = `file=${escapeProperty(f.file)},line=${f.line},col=${f.column},title=${escapeProperty(`credcanary ${f.rule} (${f.severity})`)}`;
    lines.push(`::${LEVEL[f.severity]} ${props}::${escapeData(`${f.message}\nRemedy: ${f.remedy}`)}`);
  }
  for (const d of result.diagnostics) {
    lines.push(`::warning file=${escapeProperty(d.file)},line=${d.line},col=${d.column},title=credcanary scan::${escapeData(d.message)}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
