import { STATUSES } from '../core/status.js';
import type { Verdict } from '../core/verdict.js';
import { redact } from '../secrets/redact.js';
import type { FormatOptions } from './formats.js';
import { REPORT_SCHEMA, type CredentialReport, type Report } from './model.js';
import { redactReport } from './text.js';

// Key order of the published document (DESIGN.md). The `complete` check makes the compiler reject
// a list that misses a field of the model, so a new field cannot silently vanish from the JSON.
const VERDICT_KEYS = ['id', 'target', 'status', 'class', 'summary', 'remedy', 'durationMs', 'evidence'] as const satisfies readonly (keyof Verdict)[];
const CREDENTIAL_KEYS = ['name', 'forge', 'persona', 'last8', 'status', 'probes'] as const satisfies readonly (keyof CredentialReport)[];
type Missing<T, K extends readonly (keyof T)[]> = Exclude<keyof T, K[number]>;
const complete: [Missing<Verdict, typeof VERDICT_KEYS> | Missing<CredentialReport, typeof CREDENTIAL_KEYS>] extends [never] ? true : false = true;
void complete;

/** Copies `keys` of `source` in that order (and nothing else). */
function ordered<T extends object>(source: T, keys: readonly (keyof T)[]): T {
  return Object.fromEntries(keys.map((k) => [k, source[k]])) as T;
}

/**
 * The `credcanary.report/v1` document with keys in DESIGN.md order, rebuilt field by field so an
 * extra property an engine happened to attach never leaks into the published schema.
 */
export function reportDocument(report: Report): Report {
  return {
    schema: REPORT_SCHEMA,
    status: report.status,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    durationMs: report.durationMs,
    counts: ordered(report.counts, STATUSES),
    credentials: report.credentials.map((c) => ({ ...ordered(c, CREDENTIAL_KEYS), probes: c.probes.map((v) => ordered(v, VERDICT_KEYS)) })),
  };
}

/** `--format json`: the report document, 2-space indented. */
export function formatJson(report: Report, _options: FormatOptions): string {
  return redact(`${JSON.stringify(reportDocument(redactReport(report)), null, 2)}\n`);
}
