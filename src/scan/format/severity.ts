// Severity order and the thresholds `--fail-on` compares against.

import { SEVERITIES, type Finding, type Severity } from '../model.js';

/** `--fail-on` values: a severity, or `never` (report only). */
export type FailOn = Severity | 'never';

/** Parses a `--fail-on` value, or null when it is not one. */
export function parseFailOn(value: string): FailOn | null {
  return value === 'never' || (SEVERITIES as readonly string[]).includes(value) ? (value as FailOn) : null;
}

/** Rank of a severity (low = 0 … critical = 3). */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Findings at or above the threshold. */
export function failingFindings(findings: readonly Finding[], failOn: FailOn): Finding[] {
  if (failOn === 'never') return [];
  const min = severityRank(failOn);
  return findings.filter((f) => severityRank(f.severity) >= min);
}

/** Counts per severity, every key present. */
export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}
