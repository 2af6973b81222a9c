import type { FormatOptions } from './formats.js';
import { plainBlock } from './github.js';
import type { Report } from './model.js';
import { formatTable } from './table.js';

/**
 * For logs that render nothing (Gitea and Forgejo runners, GitLab, cron mail): the full table without
 * colour, then a framed block listing only what needs attention, so the end of the log says it all.
 */
export function formatPlain(report: Report, options: FormatOptions): string {
  return `${formatTable(report, { ...options, color: false, width: undefined })}\n${plainBlock(report, { ...(options.strict !== undefined ? { strict: options.strict } : {}) })}`;
}
