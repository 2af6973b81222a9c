// Helpers several rules share: walking the logical lines of every script, and the commands on a line.

import type { FileAnalysis } from './analyze.js';
import { logicalLines, scriptText, type LogicalLine, type Script } from './text.js';

const NON_BLANK = /\S/;

/**
 * Calls `visit` with every non-blank logical line of every script of a file (shell scripts only when
 * `shellOnly`), with the script's other lines (rules look around it). Scripts whose text `mayMatch`
 * rejects are skipped whole: a rule that needs a word on the line (`curl`, `://`) says so there, and
 * most scripts then need no logical lines at all. A callback rather than a list: several rules walk
 * every line of every file, and a list would allocate an entry per line for each.
 */
export function forEachScriptLine(
  file: FileAnalysis,
  shellOnly: boolean,
  mayMatch: (scriptText: string) => boolean,
  visit: (script: Script, line: LogicalLine, index: number, all: LogicalLine[]) => void,
): void {
  for (const script of file.scripts) {
    if (shellOnly && !script.shell) continue;
    if (!mayMatch(scriptText(script))) continue;
    const all = logicalLines(script);
    for (const index of nonBlankLines(script, all)) visit(script, all[index] as LogicalLine, index, all);
  }
}

/** Indexes of the non-blank lines among a script's logical lines `all`, worked out once for all the rules. */
function nonBlankLines(script: Script, all: readonly LogicalLine[]): number[] {
  if (!script.nonBlank) {
    const indexes: number[] = [];
    for (let i = 0; i < all.length; i++) if (NON_BLANK.test((all[i] as LogicalLine).text)) indexes.push(i);
    script.nonBlank = indexes;
  }
  return script.nonBlank;
}

/**
 * `first` and the texts of `all[from]` up to (not including) `all[to]`, joined by line feeds: the branch
 * a rule reads after a command. Built in one string, without the arrays a slice and a map would make.
 */
export function withFollowing(first: string, all: readonly LogicalLine[], from: number, to: number): string {
  let out = first;
  const end = Math.min(to, all.length);
  for (let i = from; i < end; i++) out += `\n${(all[i] as LogicalLine).text}`;
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
