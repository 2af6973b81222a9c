import { describe, expect, it } from 'vitest';
import { SCAN_SCHEMA, type Consumer, type Finding, type ScanResult } from '../model.js';
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

describe('github annotations are capped like check', () => {
  it('shows 9 of each kind past 10 and says how many more are in the SARIF/JSON', () => {
    const many = (n: number, severity: Finding['severity']) => Array.from({ length: n }, (_, i) => finding({ severity, line: i + 1 }));
    const lines = formatGithub(result([...many(25, 'high'), ...many(10, 'medium'), ...many(3, 'low')])).trimEnd().split('\n');
    const errors = lines.filter((l) => l.startsWith('::error '));
    expect(errors).toHaveLength(10);
    expect(errors[9]).toMatch(/^::error title=credcanary scan%3A 16 more errors::16 more errors are not annotated here .*--format sarif.*--format json/);
    expect(errors.slice(0, 9).every((l) => l.includes('file='))).toBe(true);
    // Exactly 10 warnings fit: none is replaced by a note.
    expect(lines.filter((l) => l.startsWith('::warning ')).every((l) => l.includes('file='))).toBe(true);
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith('::notice '))).toHaveLength(3);
  });
});

describe('table', () => {
  it('groups findings under their file and colours only when asked', () => {
    const text = formatTable(result([finding({ file: 'x.yml' }), finding({ file: 'x.yml', line: 9 }), finding({ file: 'y.sh', severity: 'high' })]), { color: false });
    expect(text.match(/^x\.yml$/gm)).toHaveLength(1);
    expect(text).toMatch(/^y\.sh\n {2}3:7 +high /m);
    expect(text).toContain('3 findings (1 high, 2 medium) in 0 files');
    expect(text).not.toContain('\u001b[');
    expect(formatTable(result([finding({})]), { color: true })).toContain('\u001b[');
  });
});

describe('table layout at 80 and 160 columns', () => {
  const FIX = 'Send the token in a header instead: for git, `git -c http.extraHeader="Authorization: Basic …"` or a credential helper that reads the env var; for curl, `-H "Authorization: token $TOKEN"` (or `-H @file`). Keep the URL credential-free.';
  const consumer = (path: string, secrets: string[]): Consumer => ({
    id: path, path, kind: 'script', forges: [], notes: [], triggers: [{ event: 'schedule', cron: '17 */6 * * *', line: 1, column: 1 }], jobs: [], envFiles: [], includes: [],
    secrets: secrets.map((name, i) => ({ name, via: 'variable', line: i + 1, column: 1, ...(name === 'GITHUB_TOKEN' ? { automatic: true } : {}) })),
  });
  const scanned: ScanResult = {
    ...result([
      finding({ file: 'ops/very/long/folder/name/for/the/mirror/job/sync-to-gitea.sh', rule: 'token-in-url', severity: 'high', remedy: FIX, message: 'credential $GITEA_TOKEN is passed in the URL query (access_token=) of https://git.example.com/api/v1/repos/acme/core/mirror-sync; it leaks through server logs' }),
      finding({ file: 'ops/very/long/folder/name/for/the/mirror/job/sync-to-gitea.sh', rule: 'token-in-url', severity: 'high', remedy: FIX, line: 9 }),
      finding({ file: 'ops/other.sh', rule: 'token-in-url', severity: 'high', remedy: FIX }),
    ]),
    consumers: [consumer('ops/very/long/folder/name/for/the/mirror/job/sync-to-gitea.sh', ['GITEA_TOKEN', 'GITEA_MIRROR_TOKEN']), consumer('ops/other.sh', ['OTHER']), consumer('.github/workflows/ci.yml', ['GITHUB_TOKEN'])],
  };

  it.each([80, 160])('at %i columns: no line overflows, no word is cut, each fix once', (width) => {
    const text = formatTable(scanned, { color: false, width });
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(width);
    // The fix in full exactly once; the second file points back to it.
    const flat = text.split(/\s+/).join(' ');
    expect(flat.split(FIX.split(/\s+/).join(' ')).length - 1).toBe(1);
    expect(text.replace(/\s+/g, '')).toContain('fix(token-in-url):givenabove,underops/very/long/folder/name/for/the/mirror/job/sync-to-gitea.sh');
    // Every word of the input is whole somewhere in the output.
    const words = new Set(text.split(/\s+/));
    for (const word of `${FIX} ${scanned.findings[0]!.message}`.split(/\s+/)) {
      if (!words.has(word)) expect(text.replace(/\n +/g, ''), word).toContain(word);
    }
    // The summary counts the consumers it lists (two read secrets; the third only the forge's own token).
    expect(flat).toContain('2 consumers reading 3 secrets (and 1 using only the forge\'s per-run token)');
    expect(text.match(/^ {2}\S+( {2})?$|^ {2}\S+ {2}script/gm)).toHaveLength(2);
  });

  it('lists a consumer whose env file could not be read, saying its secrets are unknown', () => {
    const service: Consumer = { ...consumer('deploy/sync.service', []), kind: 'systemd', notes: ['env file /etc/ops/sync.env is not in the scanned tree, so the secrets it sets are unknown'], envFiles: [{ path: '/etc/ops/sync.env', resolved: null, keys: [], line: 3, column: 17 }] };
    const text = formatTable({ ...result([]), consumers: [service] }, { color: false });
    expect(text).toContain('deploy/sync.service  systemd on 17 */6 * * * (env file /etc/ops/sync.env is not in the scanned tree, so the secrets it sets are unknown)\n      (secrets unknown: see the note above)');
    expect(text).toContain('1 consumer reading 0 secrets');
  });

  it('at 80 columns wraps a finding under its severity, and at 160 keeps it on one line', () => {
    const narrow = formatTable(scanned, { color: false, width: 80 }).split('\n');
    const at = narrow.findIndex((l) => l.startsWith('  3:7     high     credential $GITEA_TOKEN'));
    expect(narrow[at + 1]).toMatch(/^ {19}\S/);
    const wide = formatTable(scanned, { color: false, width: 160 });
    expect(wide).toMatch(/^ {2}9:7 {5}high {5}50% of$/m);
  });
});

describe('table: workflow-command injection (issue 9 item 10)', () => {
  it('no path or message from a scanned file can put `::` at a line start, even after whitespace', () => {
    const hostile = { ...result([finding({ file: '::error::root.sh', message: 'x\n   ::set-env name=A::b' })]), diagnostics: [{ file: 'w.yml', line: 1, column: 1, message: 'bad\n::warning::y' }] };
    // Unwrapped (a log) and wrapped at a terminal's width, where a break can fall just before a `::`.
    for (const width of [undefined, 80]) {
      const text = formatTable(hostile, { color: false, width });
      expect(text.split('\n').filter((l) => l.trimStart().startsWith('::'))).toEqual([]);
      expect(text).toContain('\\::error::root.sh');
    }
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
