import { UserError } from '../core/errors.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatPlain } from './plain.js';
import type { Report } from './model.js';
import { formatTable } from './table.js';

/** What every formatter may be told. */
export interface FormatOptions {
  /** Colour status words with ANSI codes (table; `shouldUseColor` decides). */
  color: boolean;
  /** Terminal columns to wrap to; undefined means no wrapping (CI logs, files). */
  width?: number;
  /** `--strict`: warnings fail the run, and the outcome line says so. */
  strict?: boolean;
}

/** Renders a report as text; the result ends with one newline and has passed through `redact()`. */
export type Formatter = (report: Report, options: FormatOptions) => string;

/** The report formats, one line each; a test checks each has its file, test and section in docs/reports.md. */
export const FORMATS = {
  table: formatTable,
  json: formatJson,
  junit: formatJunit,
  markdown: formatMarkdown,
  github: formatGithub,
  plain: formatPlain,
} as const satisfies Record<string, Formatter>;

/** A report format name (`--format`). */
export type ReportFormat = keyof typeof FORMATS;

/** The format names, for `--format` choices and help text. */
export const REPORT_FORMATS = Object.keys(FORMATS) as ReportFormat[];

/** Whether `name` is a known report format. */
export function isReportFormat(name: string): name is ReportFormat {
  return Object.hasOwn(FORMATS, name);
}

/** Checks a `--format` value, with a usage error that lists the formats. */
export function parseReportFormat(name: string): ReportFormat {
  if (isReportFormat(name)) return name;
  throw new UserError(`unknown report format "${name}"`, [`expected one of: ${REPORT_FORMATS.join(', ')}`]);
}
