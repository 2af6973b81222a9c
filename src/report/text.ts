// Text every format shares: the totals line, probe labels, the outcome line, and the two safety
// passes (redaction before any escaping, control-character neutralising before any printing).

import { exitCodeFor } from '../core/exit-codes.js';
import { STATUSES, type Status, type StatusCounts } from '../core/status.js';
import type { Evidence, Verdict } from '../core/verdict.js';
import { redact } from '../secrets/redact.js';
import type { CredentialReport, Report } from './model.js';

/** Statuses that need a reader's attention (their remedy is shown). */
export function needsAttention(status: Status): boolean {
  return status === 'fail' || status === 'warn' || status === 'inconclusive';
}

/** `5 pass · 1 fail · 1 skipped`: non-zero counts in status order; `no probes` when there were none. */
export function totalsLine(counts: StatusCounts): string {
  const parts = STATUSES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(' · ') : 'no probes';
}

/** `identity`, or `branch-push acme/core@staging` when the verdict has a target. */
export function probeLabel(verdict: Verdict): string {
  return verdict.target === null ? verdict.id : `${verdict.id} ${verdict.target}`;
}

/** `FAIL (exit 1)`, `WARN (exit 1 with --strict)`: the run's status and what the process will exit with. */
export function outcomeLine(report: Report, strict = false): string {
  const code = exitCodeFor(report.status, { strict });
  const why = strict && report.status === 'warn' ? ' with --strict' : '';
  return `${report.status.toUpperCase()} (exit ${code}${why})`;
}

/** `token …687797fc`, or `no token` when the secret was missing. Never more than last8. */
export function tokenLabel(credential: CredentialReport): string {
  return credential.last8 === null ? 'no token' : `token …${credential.last8}`;
}

/** `-` is what a report without an inventory (a plain `gate`) puts for persona and forge. */
export const NOT_FROM_INVENTORY = '-';

/** `persona X` and `forge Y` for a credential heading, left out when the inventory was not used. */
export function identityFacts(credential: CredentialReport, inline: (text: string) => string): string[] {
  const facts: string[] = [];
  if (credential.persona !== NOT_FROM_INVENTORY) facts.push(`persona ${inline(credential.persona)}`);
  if (credential.forge !== NOT_FROM_INVENTORY) facts.push(`forge ${inline(credential.forge)}`);
  return facts;
}

// C0 controls except TAB and LF, DEL, C1 controls, and the XML-forbidden U+FFFE/U+FFFF.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]/g;

/**
 * Makes text safe to print: CRLF and lone CR become LF (a bare CR would overwrite a terminal line),
 * other control characters become visible `\xNN`/`\uNNNN` (an ESC from a server response must not
 * drive the reader's terminal, and XML 1.0 cannot carry them at all).
 */
export function neutraliseControls(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * The finished text of a format that can reach a CI runner's log, with every line that would start
 * with `::` once leading whitespace is trimmed (which is what the GitHub runner does before looking
 * for a workflow command) given a backslash: `  \\::error::…`. Indenting is not enough, and wrapping can
 * bring server-supplied `::` to a line start. Applied last, to the whole text.
 */
export function neutraliseWorkflowCommands(text: string): string {
  return text.replace(/^([^\S\n]*)::/gm, '$1\\::');
}

/** The last pass of every runner-log format: redacted, then no line can be taken for a workflow command. */
export function finishText(text: string): string {
  return neutraliseWorkflowCommands(redact(text));
}

/** A one-line version of `text`: line breaks and tabs become spaces. */
export function oneLine(text: string): string {
  return neutraliseControls(text).replace(/[\n\t]+/g, ' ').trim();
}

function redactEvidence(evidence: Evidence): Evidence {
  const out: Evidence = {};
  for (const [key, value] of Object.entries(evidence)) {
    if (typeof value === 'string') out[key] = redact(value);
    else if (Array.isArray(value)) out[key] = value.map((v: string) => redact(v));
    else out[key] = value as Exclude<Evidence[string], string | readonly string[]>;
  }
  return out;
}

function redactVerdict(verdict: Verdict): Verdict {
  return {
    ...verdict,
    target: verdict.target === null ? null : redact(verdict.target),
    summary: redact(verdict.summary),
    remedy: verdict.remedy === null ? null : redact(verdict.remedy),
    evidence: redactEvidence(verdict.evidence),
  };
}

/**
 * The report with every string redacted. Formatters call this first: once text is escaped
 * (`%3A`, `&amp;`, `\|`) or wrapped across lines, a secret no longer matches and the final
 * `redact()` pass could not catch it.
 */
export function redactReport(report: Report): Report {
  return {
    ...report,
    credentials: report.credentials.map((c) => ({
      ...c,
      name: redact(c.name),
      forge: redact(c.forge),
      persona: redact(c.persona),
      probes: c.probes.map(redactVerdict),
    })),
  };
}

/** Every verdict of the report with its credential, in report order. */
export function allVerdicts(report: Report): Array<{ credential: CredentialReport; verdict: Verdict }> {
  return report.credentials.flatMap((credential) => credential.probes.map((verdict) => ({ credential, verdict })));
}
