// SARIF 2.1.0 for GitHub code scanning: rules with help text, security-severity, stable
// partialFingerprints (reference §11: the raw upload API does not fill them in).

import { createHash } from 'node:crypto';
import type { Finding, ScanResult, Severity } from '../model.js';
import type { Rule } from '../rule.js';
import { jsonPieces, lazyArray } from './json-stream.js';

/** The schema URI SARIF files declare. */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/** GitHub maps security-severity to critical (≥9), high (≥7), medium (≥4), low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

/** A stable fingerprint of a finding's line: rule + whitespace-normalised text, then `:occurrence`. */
function lineHash(rule: string, lineText: string): string {
  return createHash('sha256').update(`${rule}\0${lineText.replace(/\s+/g, ' ').trim()}`).digest('hex').slice(0, 16);
}

/** Options: the rules to describe, the text of each file's lines (for fingerprints), a tool version. */
export interface SarifOptions {
  rules: readonly Rule[];
  linesOf: (file: string) => readonly string[] | undefined;
  version: string;
}

/** The SARIF result of each finding, made one at a time as they are written. */
function* sarifResults(findings: readonly Finding[], options: SarifOptions): Generator<Record<string, unknown>> {
  const index = new Map(options.rules.map((r, i) => [r.id, i]));
  const occurrences = new Map<string, number>();
  for (const f of findings) {
    const hash = lineHash(f.rule, options.linesOf(f.file)?.[f.line - 1] ?? '');
    const key = `${f.file}\0${hash}`;
    const n = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, n);
    yield {
      ruleId: f.rule,
      ruleIndex: index.get(f.rule) ?? 0,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(f.file), uriBaseId: '%SRCROOT%' },
            region: { startLine: f.line, startColumn: f.column },
          },
        },
      ],
      partialFingerprints: { primaryLocationLineHash: `${hash}:${n}` },
      properties: { severity: f.severity, confidence: f.confidence },
    };
  }
}

/** The scan as a SARIF 2.1.0 log with one run, its results made lazily (see formatSarif). */
function sarifLog(result: ScanResult, options: SarifOptions, results: Iterable<Record<string, unknown>>): Record<string, unknown> {
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'credcanary',
            version: options.version,
            informationUri: 'https://www.npmjs.com/package/credcanary',
            rules: options.rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.description.slice(0, 1024) },
              help: { text: `${r.description}\n\nFix: ${r.remedy}`, markdown: `${r.description}\n\n**Fix:** ${r.remedy}\n\nSee docs/rules/${r.id}.md.` },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { tags: ['security', 'ci', 'credentials'], precision: r.confidence === 'high' ? 'high' : 'medium', 'security-severity': SECURITY_SEVERITY[r.severity] },
            })),
          },
        },
        automationDetails: { id: 'credcanary/scan/' },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToUri(result.root)}/` } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.diagnostics.map((d) => ({
              level: 'warning',
              message: { text: d.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(d.file), uriBaseId: '%SRCROOT%' }, region: { startLine: d.line, startColumn: d.column } } }],
            })),
          },
        ],
        results,
      },
    ],
  };
}

/** A file:// URI for an absolute path. */
function pathToUri(path: string): string {
  return `file://${encodeURI(path.split('\\').join('/').replace(/^([A-Za-z]):/, '/$1:'))}`;
}

/** The scan as a SARIF 2.1.0 log with one run. */
export function toSarif(result: ScanResult, options: SarifOptions): Record<string, unknown> {
  return sarifLog(result, options, [...sarifResults(result.findings, options)]);
}

/**
 * The SARIF log as JSON text in pieces: each result is made as it is written, so the log of a large scan
 * is never held whole (log → runs → run → results: four levels written member by member).
 */
export function* sarifPieces(result: ScanResult, options: SarifOptions): Generator<string> {
  yield* jsonPieces(sarifLog(result, options, lazyArray(() => sarifResults(result.findings, options))), 4);
  yield '\n';
}

/** The SARIF log as JSON text. */
export function formatSarif(result: ScanResult, options: SarifOptions): string {
  return [...sarifPieces(result, options)].join('');
}
