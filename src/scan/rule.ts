// The shape of a lint rule: metadata for docs and SARIF, and a pure check over one analysed file.

import type { FileAnalysis } from './analyze.js';
import type { Confidence, Finding, Position, Severity } from './model.js';

/** One match of a rule, before the scanner adds file, rule and remedy. */
export interface RuleHit extends Position {
  message: string;
  /** Overrides the rule's default when this match is more or less certain. */
  confidence?: Confidence;
  severity?: Severity;
}

/** A lint rule (one file each under `rules/`, registered in `rules/index.ts`). */
export interface Rule {
  id: string;
  /** One line: what the rule finds (SARIF shortDescription). */
  title: string;
  /** Why it matters, a short paragraph (SARIF fullDescription, ≤ 1024 characters). */
  description: string;
  /** What to do instead. */
  remedy: string;
  severity: Severity;
  confidence: Confidence;
  check(file: FileAnalysis): RuleHit[];
}

/** Runs one rule over one file, producing complete findings. */
export function runRule(rule: Rule, file: FileAnalysis): Finding[] {
  return rule.check(file).map((hit) => ({
    rule: rule.id,
    severity: hit.severity ?? rule.severity,
    confidence: hit.confidence ?? rule.confidence,
    file: file.path,
    line: hit.line,
    column: hit.column,
    message: hit.message,
    remedy: rule.remedy,
  }));
}
