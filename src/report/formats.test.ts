import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { clearSecrets, registerSecret } from '../secrets/redact.js';
import { FORMATS, REPORT_FORMATS, isReportFormat, parseReportFormat } from './formats.js';
import { credential, report, sampleReport, verdict } from './fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const docs = readFileSync(join(here, '../../docs/reports.md'), 'utf8');

describe('format registry', () => {
  it.each(REPORT_FORMATS)('%s has its file, its test and a section in docs/reports.md', (name) => {
    expect(existsSync(join(here, `${name}.ts`))).toBe(true);
    expect(existsSync(join(here, `${name}.test.ts`))).toBe(true);
    expect(docs).toMatch(new RegExp(`^## \`${name}\`$`, 'm'));
  });

  it('lists exactly the registered formats', () => {
    expect(REPORT_FORMATS).toEqual(['table', 'json', 'junit', 'markdown', 'github', 'plain']);
    expect(isReportFormat('json')).toBe(true);
    expect(isReportFormat('toString')).toBe(false);
  });

  it('rejects an unknown format with the list of known ones', () => {
    expect(parseReportFormat('junit')).toBe('junit');
    expect(() => parseReportFormat('xml')).toThrow(UserError);
    try {
      parseReportFormat('xml');
    } catch (error) {
      expect((error as UserError).message).toBe('unknown report format "xml"');
      expect((error as UserError).details).toEqual(['expected one of: table, json, junit, markdown, github, plain']);
    }
  });
});

describe('every format', () => {
  afterEach(() => clearSecrets());

  // Characters every escaper rewrites, so only redaction before escaping can catch this value.
  const SECRET = 'gtp_Zq9%:,<&|"\\*_`K7x';

  function leakyReport() {
    return report([
      credential(`NAME_${SECRET}`, [
        verdict({
          id: 'identity',
          status: 'fail',
          class: 'revoked',
          target: `acme/${SECRET}`,
          summary: `server echoed Authorization: token ${SECRET} in its error body, a rather long sentence to force wrapping ${SECRET}`,
          remedy: `rotate ${SECRET}`,
          evidence: { header: SECRET, list: [SECRET] },
        }),
        verdict({ id: 'scopes', status: 'warn', class: 'scope-excess', summary: SECRET, remedy: SECRET }),
        verdict({ id: 'repo-access', status: 'inconclusive', class: 'unreachable', summary: `x ${SECRET}`, remedy: SECRET }),
      ]),
    ]);
  }

  it.each(REPORT_FORMATS)('%s never prints a registered secret, even escaped or wrapped', (name) => {
    registerSecret(SECRET);
    const text = FORMATS[name](leakyReport(), { color: true, width: 40, strict: true });
    expect(text).toContain('REDACTED'); // markdown shows it as \[REDACTED\]
    expect(text).not.toContain('Zq9');
    expect(text).not.toContain('K7x');
  });

  it.each(REPORT_FORMATS)('%s ends with exactly one newline and handles an empty report', (name) => {
    for (const r of [sampleReport(), report([])]) {
      const text = FORMATS[name](r, { color: false });
      expect(text.endsWith('\n')).toBe(true);
      expect(text.endsWith('\n\n')).toBe(false);
    }
  });

  // A runner trims leading whitespace before looking for `::`, so indenting continuation lines is not enough.
  const OURS = /^::(error|warning|notice) title=credcanary|^::stop-commands::|^::[0-9a-f-]{36}::$/;
  it.each(REPORT_FORMATS)('%s: no line of server-supplied text can start a workflow command, even indented or wrapped (item 10)', (name) => {
    const hostile = report([
      credential('CI_TOKEN', [
        verdict({
          id: 'identity',
          status: 'fail',
          class: 'revoked',
          summary: `forge said:\n\t  ::error title=pwned::owned\n::set-env name=PATH::/tmp\r\n ::add-mask::x ${'word '.repeat(12)}::warning::wrapped`,
          remedy: `::notice::fake remedy\n   ::group::x`,
        }),
        verdict({ id: 'scopes', status: 'inconclusive', class: 'unexpected-response', summary: '::debug::y', remedy: '  ::endgroup::' }),
      ]),
    ]);
    for (const width of [40, 200]) {
      const text = FORMATS[name](hostile, { color: false, width, strict: false });
      const commandLines = text.split('\n').filter((line) => line.trimStart().startsWith('::'));
      for (const line of commandLines) expect(line, `${name} at width ${width}`).toMatch(OURS);
      expect(text).toContain('owned');
    }
  });
});
