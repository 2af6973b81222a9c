// Silencing a finding takes a reason: inline (`# credcanary: ignore[rule-id] reason`, on the line or
// the line above) or in the inventory (`scan.allow: [{ rule, path, reason }]`).

import { relative, resolve, sep } from 'node:path';
import type { Diagnostic, Finding, SuppressedFinding } from './model.js';

const INLINE = /credcanary:\s*ignore\[([^\]]*)\]\s*(.*)$/;

/** One allowlist entry, with paths relative to the inventory's folder. */
export interface AllowEntry {
  rule: string;
  path?: string;
  reason: string;
}

/** Converts a path glob (`**`, `*`, `?`) to an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] ?? '';
    if (ch === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** The inline suppression for a finding (on its line or the line above), if any. */
function inlineSuppression(lines: readonly string[], finding: Finding): { rules: string[]; reason: string; line: number } | null {
  for (const n of [finding.line, finding.line - 1]) {
    const m = INLINE.exec(lines[n - 1] ?? '');
    if (!m) continue;
    const rules = (m[1] ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    if (rules.includes(finding.rule)) return { rules, reason: (m[2] ?? '').trim(), line: n };
  }
  return null;
}

/** Splits one file's findings by its inline suppressions; suppressions without a reason are ignored and reported. */
export function applyInline(findings: readonly Finding[], lines: readonly string[]): { kept: Finding[]; suppressed: SuppressedFinding[]; diagnostics: Diagnostic[] } {
  return applySuppressions(findings, () => lines, null);
}

/** Splits findings into kept and suppressed; suppressions without a reason are ignored and reported. */
export function applySuppressions(
  findings: readonly Finding[],
  linesOf: (file: string) => readonly string[] | undefined,
  allow: { entries: readonly AllowEntry[]; dir: string; root: string } | null,
): { kept: Finding[]; suppressed: SuppressedFinding[]; diagnostics: Diagnostic[] } {
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const diagnostics: Diagnostic[] = [];
  const patterns = (allow?.entries ?? []).map((e) => ({ entry: e, re: e.path ? globToRegExp(e.path) : null }));
  for (const f of findings) {
    const inline = inlineSuppression(linesOf(f.file) ?? [], f);
    if (inline && inline.reason !== '') {
      suppressed.push({ ...f, by: 'inline', reason: inline.reason });
      continue;
    }
    if (inline) {
      diagnostics.push({ file: f.file, line: inline.line, column: 1, message: `credcanary: ignore[${f.rule}] needs a reason after it; the finding is kept` });
    }
    if (allow) {
      const fromInventory = relative(allow.dir, resolve(allow.root, f.file)).split(sep).join('/');
      const match = patterns.find(({ entry, re }) => entry.rule === f.rule && (!re || re.test(fromInventory) || re.test(f.file)));
      if (match) {
        suppressed.push({ ...f, by: 'config', reason: match.entry.reason });
        continue;
      }
    }
    kept.push(f);
  }
  return { kept, suppressed, diagnostics };
}
