// Helpers several rules share: walking the logical lines of every script, and the commands on a line.

import type { FileAnalysis } from './analyze.js';
import { logicalLines, type ScriptLineEntry } from './text.js';

/**
 * Every non-blank logical line of every script of a file, with its script (shell scripts only when
 * `shellOnly`). Built once per file and kind, as several rules walk the same lines; kept on the
 * analysis so it is freed with it.
 */
export function scriptLinesOf(file: FileAnalysis, shellOnly = false): readonly ScriptLineEntry[] {
  const cache = (file.ruleLines ??= {});
  const known = shellOnly ? cache.shell : cache.all;
  if (known) return known;
  const out: ScriptLineEntry[] = [];
  for (const script of file.scripts) {
    if (shellOnly && !script.shell) continue;
    const all = logicalLines(script);
    for (let index = 0; index < all.length; index++) {
      const line = all[index];
      if (line && line.text.trim() !== '') out.push({ script, line, index, all });
    }
  }
  if (shellOnly) cache.shell = out;
  else cache.all = out;
  return out;
}

/** Replaces each `${{ … }}` with same-length filler without spaces, so offsets still line up. */
export function maskExpressions(text: string): string {
  return text.replace(/\$\{\{.*?\}\}/g, (m) => `$${'E'.repeat(m.length - 1)}`);
}

/**
 * The simple command starting at `start` of a line: up to the next unquoted `|`, `;`, `&&`, `||`,
 * or a closing `)` of a `$( … )` it sits in. Returns [start, end).
 */
export function commandSpan(text: string, start: number): [number, number] {
  let quote: string | null = null;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) return [start, i];
      depth--;
    } else if (ch === ';' || ch === '|' || (ch === '&' && text[i + 1] === '&')) {
      if (depth === 0) return [start, i];
    }
  }
  return [start, text.length];
}

/** The text after a command on its line: what consumes its output or exit status. */
export function afterCommand(text: string, end: number): string {
  return text.slice(end).trimStart();
}
