// Lints one file's text without touching the disk: the path decides what kind of file it is, as in
// a scan. Used by tests and by anything that holds a workflow in memory (an editor, a bot).

import { analyzeFile, type FileAnalysis } from './analyze.js';
import { classifyPath, forgesFor } from './discover.js';
import type { ConsumerKind, Finding } from './model.js';
import { runRule, type Rule } from './rule.js';
import { RULES } from './rules/index.js';

/** Analyses `text` as the file at `path` (kind from the path unless given). */
export function analyzeText(path: string, text: string, kind?: ConsumerKind): FileAnalysis {
  const byPath = classifyPath(path);
  const k = kind ?? (byPath === 'maybe-script' || byPath === null ? 'script' : byPath);
  const folder = /\.(github|gitea|forgejo)\/workflows\//.exec(path)?.[1] as 'github' | 'gitea' | 'forgejo' | undefined;
  const { forges, notes } = folder ? forgesFor(folder, new Set([folder])) : { forges: [], notes: [] };
  return analyzeFile({ path, kind: k, text, forges, notes });
}

/** Runs `rules` (default: all) over `text` as the file at `path`. */
export function lintText(path: string, text: string, rules: readonly Rule[] = RULES, kind?: ConsumerKind): Finding[] {
  const file = analyzeText(path, text, kind);
  return rules.flatMap((r) => runRule(r, file));
}
