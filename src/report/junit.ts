import type { Verdict } from '../core/verdict.js';
import type { FormatOptions } from './formats.js';
import type { CredentialReport, Report } from './model.js';
import { finishText, neutraliseControls, probeLabel, redactReport } from './text.js';

/** XML text content: controls neutralised (XML 1.0 cannot carry them), `&`, `<`, `>` escaped. */
export function xmlText(text: string): string {
  return neutraliseControls(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value: also quotes, and TAB/LF as references because parsers turn raw ones into spaces. */
export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function attrs(pairs: Record<string, string | number>): string {
  return Object.entries(pairs)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

/** Seconds with millisecond precision, the unit JUnit `time` attributes use. */
function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

interface Tally {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function tally(verdicts: readonly Verdict[]): Tally {
  return {
    tests: verdicts.length,
    failures: verdicts.filter((v) => v.status === 'fail').length,
    errors: verdicts.filter((v) => v.status === 'inconclusive').length,
    skipped: verdicts.filter((v) => v.status === 'skipped').length,
  };
}

function details(v: Verdict): string {
  return v.remedy === null ? v.summary : `${v.summary}\n\nRemedy: ${v.remedy}`;
}

function testcase(credential: CredentialReport, v: Verdict): string[] {
  const open = `    <testcase${attrs({ name: probeLabel(v), classname: credential.name, time: seconds(v.durationMs) })}`;
  const kind = v.class ?? v.status;
  switch (v.status) {
    case 'fail':
      return [`${open}>`, `      <failure${attrs({ message: v.summary, type: kind })}>${xmlText(details(v))}</failure>`, '    </testcase>'];
    case 'inconclusive':
      // Not a defect of the credential but not a pass either: JUnit's `error` (the test could not decide).
      return [`${open}>`, `      <error${attrs({ message: v.summary, type: kind })}>${xmlText(details(v))}</error>`, '    </testcase>'];
    case 'skipped':
      return [`${open}>`, `      <skipped${attrs({ message: v.summary })}/>`, '    </testcase>'];
    case 'warn':
      return [`${open}>`, `      <system-out>${xmlText(`WARNING (${kind}): ${details(v)}`)}</system-out>`, '    </testcase>'];
    case 'pass':
      return [`${open}>`, `      <system-out>${xmlText(v.summary)}</system-out>`, '    </testcase>'];
  }
}

function testsuite(credential: CredentialReport, timestamp: string): string[] {
  const t = tally(credential.probes);
  const time = credential.probes.reduce((sum, v) => sum + v.durationMs, 0);
  const head = `  <testsuite${attrs({ name: credential.name, ...t, time: seconds(time), timestamp })}>`;
  const props = [
    '    <properties>',
    ...Object.entries({ forge: credential.forge, persona: credential.persona, last8: credential.last8 ?? '', status: credential.status }).map(
      ([name, value]) => `      <property${attrs({ name, value })}/>`,
    ),
    '    </properties>',
  ];
  return [head, ...props, ...credential.probes.flatMap((v) => testcase(credential, v)), '  </testsuite>'];
}

/**
 * `--format junit`: one testsuite per credential, one testcase per verdict. fail → `<failure>`,
 * inconclusive → `<error>`, skipped → `<skipped/>`, warn → a pass with the warning in `<system-out>`.
 */
export function formatJunit(report: Report, _options: FormatOptions): string {
  const r = redactReport(report);
  const t = tally(r.credentials.flatMap((c) => c.probes));
  // JUnit timestamps have no zone designator in the classic XSD; ISO 8601 with Z is what GitLab and most parsers accept.
  const timestamp = r.startedAt;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'credcanary', ...t, time: seconds(r.durationMs), timestamp })}>`,
    ...r.credentials.flatMap((c) => testsuite(c, timestamp)),
    '</testsuites>',
  ];
  return finishText(`${lines.join('\n')}\n`);
}
