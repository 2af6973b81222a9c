import { describe, expect, it } from 'vitest';
import { SCAN_SCHEMA, type Finding, type ScanResult } from '../model.js';
import { globToRegExp } from '../suppress.js';
import { escapeData, escapeProperty, formatGithub } from './github.js';
import { failingFindings, parseFailOn } from './severity.js';
import { formatTable } from './table.js';

const finding = (over: Partial<Finding>): Finding => ({
  rule: 'curl-no-fail',
  severity: 'medium',
  confidence: 'high',
  file: 'a,b:c.yml',
  line: 3,
  column: 7,
  message: '50% of\nruns',
  remedy: 'add --fail',
  ...over,
});
const result = (findings: Finding[]): ScanResult => ({ schema: SCAN_SCHEMA, root: '/r', files: [], consumers: [], findings, suppressed: [], diagnostics: [], inventory: null });

describe('github annotations', () => {
  it('escapes messages and properties as the Actions toolkit does', () => {
    expect(escapeData('50% a\r\nb')).toBe('50%25 a%0D%0Ab');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    const [line] = formatGithub(result([finding({})])).split('\n');
    expect(line).toBe('::warning file=a%2Cb%3Ac.yml,line=3,col=7,title=credcanary curl-no-fail (medium)::50%25 of%0Aruns%0ARemedy: add --fail');
    expect(formatGithub(result([finding({ severity: 'critical' })]))).toMatch(/^::error /);
    expect(formatGithub(result([finding({ severity: 'low' })]))).toMatch(/^::notice /);
  });
});

describe('table', () => {
  it('groups findings under their file and colours only when asked', () => {
    const text = formatTable(result([finding({ file: 'x.yml' }), finding({ file: 'x.yml', line: 9 }), finding({ file: 'y.sh', severity: 'high' })]), false);
    expect(text.match(/^x\.yml$/gm)).toHaveLength(1);
    expect(text).toMatch(/^y\.sh\n {2}3:7 +high /m);
    expect(text).toContain('3 findings (1 high, 2 medium) in 0 files');
    expect(text).not.toContain('\u001b[');
    expect(formatTable(result([finding({})]), true)).toContain('\u001b[');
  });
});

describe('table: workflow-command injection (issue 9 item 10)', () => {
  it('no path or message from a scanned file can put `::` at a line start, even after whitespace', () => {
    const hostile = { ...result([finding({ file: '::error::root.sh', message: 'x\n   ::set-env name=A::b' })]), diagnostics: [{ file: 'w.yml', line: 1, column: 1, message: 'bad\n::warning::y' }] };
    const text = formatTable(hostile, false);
    expect(text.split('\n').filter((l) => l.trimStart().startsWith('::'))).toEqual([]);
    expect(text).toContain('\\::error::root.sh');
  });
});

describe('--fail-on', () => {
  it('compares severities at or above the threshold', () => {
    const fs = [finding({ severity: 'medium' }), finding({ severity: 'high' })];
    expect(failingFindings(fs, 'high')).toHaveLength(1);
    expect(failingFindings(fs, 'low')).toHaveLength(2);
    expect(failingFindings(fs, 'critical')).toHaveLength(0);
    expect(failingFindings(fs, 'never')).toHaveLength(0);
    expect(parseFailOn('severe')).toBeNull();
  });
});

describe('allowlist globs', () => {
  it('matches *, ** and ? against /-separated paths', () => {
    expect(globToRegExp('.gitea/workflows/*.yml').test('.gitea/workflows/a.yml')).toBe(true);
    expect(globToRegExp('.gitea/workflows/*.yml').test('.gitea/workflows/sub/a.yml')).toBe(false);
    expect(globToRegExp('ops/**').test('ops/a/b/c.sh')).toBe(true);
    expect(globToRegExp('**/deploy.sh').test('deploy.sh')).toBe(true);
    expect(globToRegExp('**/deploy.sh').test('x/y/deploy.sh')).toBe(true);
    expect(globToRegExp('a?.yml').test('ab.yml')).toBe(true);
    expect(globToRegExp('a.yml').test('aXyml')).toBe(false);
  });
});
