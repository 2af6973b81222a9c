import { describe, expect, it } from 'vitest';
import { credential, report, sampleReport, verdict } from './fixtures.js';
import { formatTable, shouldUseColor } from './table.js';
import { displayWidth } from './width.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

describe('formatTable', () => {
  const plain = formatTable(sampleReport(), { color: false });
  const lines = plain.split('\n');

  it('groups rows under a heading per credential with status, name, persona and last8', () => {
    expect(lines[0]).toBe('FAIL AUTO_SYNC_TOKEN · persona devops-engineer · forge core · token …687797fc');
    expect(plain).toContain('\nWARN OPS_CRON_TOKEN · persona ops-bot · forge core · no token\n');
    expect(lines[1]).toMatch(/^ {2}probe +target +status +class +summary$/);
  });

  it('prints one aligned row per verdict with probe, target, status, class and summary', () => {
    const row = lines.find((l) => l.startsWith('  branch-push'))!;
    expect(row).toMatch(/^ {2}branch-push +acme\/core@staging +inconclusive +unreachable +GET \/repos\/acme\/core\/branches\/staging: connection refused after 3 tries$/);
    const header = lines[1]!;
    // Every column starts where its header does.
    expect(row.indexOf('acme/core@staging')).toBe(header.indexOf('target'));
    expect(row.indexOf('inconclusive')).toBe(header.indexOf('status'));
    expect(row.indexOf('unreachable')).toBe(header.indexOf('class'));
    expect(row.indexOf('GET ')).toBe(header.indexOf('summary'));
    expect(plain).toMatch(/\n {2}presence +— +pass +— +Token present in env AUTO_SYNC_TOKEN \(40 chars\)\n/);
    // Without a width nothing wraps, however long the target.
    const long = 'a-very-long-organisation/with-a-very-long-repository-name@release/2026-11';
    const one = formatTable(report([credential('L', [verdict({ id: 'branch-push', target: long, status: 'pass', summary: 's' })])]), { color: false });
    expect(one).toContain(`  branch-push  ${long}  pass    —      s\n`);
  });

  it('puts the remedy under each fail, warn and inconclusive row, and none under pass or skipped', () => {
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    expect(lines[at('  identity ') + 1]).toBe('    remedy: Likely cause: the token was rotated or revoked.');
    expect(lines[at('  identity ') + 2]).toBe('            Remedy: mint a new token for devops-engineer, then update the secret AUTO_SYNC_TOKEN.');
    expect(lines[at('  branch-push') + 1]).toBe('    remedy: Check that git.example.com is reachable from this runner, then re-run.');
    expect(lines[at('  scopes       —                                  warn') + 1]).toContain('remedy: Least privilege');
    expect(plain.match(/remedy:/g)).toHaveLength(3);
  });

  it('ends with the totals line and the overall status with its exit code', () => {
    expect(lines.slice(-3)).toEqual(['3 pass · 1 warn · 1 fail · 1 inconclusive · 2 skipped', 'overall: FAIL (exit 1)', '']);
    const warnOnly = report([credential('A', [verdict({ id: 'scopes', status: 'warn', class: 'scope-excess', remedy: 'r' })])]);
    expect(formatTable(warnOnly, { color: false })).toMatch(/overall: WARN \(exit 0\)\n$/);
    expect(formatTable(warnOnly, { color: false, strict: true })).toMatch(/overall: WARN \(exit 1 with --strict\)\n$/);
  });

  it('colours status words only when asked: pass green, warn yellow, fail red, inconclusive magenta, skipped dim', () => {
    expect(plain).not.toMatch(ANSI);
    const coloured = formatTable(sampleReport(), { color: true });
    expect(coloured).toContain('\u001b[32mpass\u001b[39m');
    expect(coloured).toContain('\u001b[33mwarn\u001b[39m');
    expect(coloured).toContain('\u001b[31mfail\u001b[39m');
    expect(coloured).toContain('\u001b[35minconclusive\u001b[39m');
    expect(coloured).toContain('\u001b[2mskipped\u001b[22m');
    // Colour never changes the layout.
    expect(coloured.replace(ANSI, '')).toBe(plain);
  });

  it('wraps to the width without losing text, keeping wide characters aligned', () => {
    const narrow = formatTable(sampleReport(), { color: false, width: 80 });
    for (const line of narrow.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(narrow).toContain('acme/core');
    // Too narrow for a summary column: each summary goes under its row, and the target takes the room it leaves.
    expect(narrow).toMatch(/\n {2}branch-push {2}acme\/core@staging +inconclusive {2}unreachable\n {4}GET \/repos\/acme\/core\/branches\/staging: connection refused after 3 tries\n/);
    // Just too narrow for acme/core@staging on one line (the class column is sized by the fixture's real classes).
    const medium = formatTable(sampleReport(), { color: false, width: 99 });
    for (const line of medium.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(99);
    expect(medium).toMatch(/\n {2}branch-push +acme\/core +inconclusive +unreachable +GET\n {15}@staging {4,}\/repos\/acme\/core\/branches\/staging:\n/);
    // Nothing is lost: every word of every summary and remedy is still there, in order.
    const flat = narrow.split(/\s+/).join(' ');
    for (const v of sampleReport().credentials.flatMap((c) => c.probes)) {
      expect(flat).toContain(v.summary.split(/\s+/).join(' '));
      if (v.remedy !== null && v.status !== 'pass') expect(flat).toContain(v.remedy.split(/\s+/).join(' '));
    }
    const wide = formatTable(report([credential('W', [verdict({ id: 'identity', status: 'pass', summary: '日本語の説明文 '.repeat(12) })])]), {
      color: false,
      width: 70,
    });
    for (const line of wide.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(70);
  });

  it('at 80 and 160 columns: nothing overflows and no word is cut, however long the target or URL', () => {
    const long = report([
      credential('DRIFT_TOKEN', [
        verdict({
          id: 'file-drift',
          target: 'acme/controlplane:internal/providers/very-long-folder-name/providers.yaml@main',
          status: 'fail',
          class: 'drift',
          summary: 'Drift: GET https://git.example.com/api/v1/repos/acme/controlplane/raw/internal/providers/providers.yaml returned other bytes.',
          remedy: 'Decide which copy is right, then sync the other (and the pin, if any).',
        }),
      ]),
    ]);
    const words = new Set(JSON.stringify(long).split(/[\s"{}[\],]+/));
    for (const width of [80, 160]) {
      const text = formatTable(long, { color: false, width });
      for (const line of text.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
      // Every line's piece of the URL or target starts and ends at a path break: never half a word.
      const whole = ['acme/controlplane:internal/providers/very-long-folder-name/providers.yaml@main', 'https://git.example.com/api/v1/repos/acme/controlplane/raw/internal/providers/providers.yaml'];
      for (const token of text.split(/\s+/).filter((t) => t.includes('/'))) {
        const at = whole.map((w) => w.indexOf(token)).find((i) => i >= 0) ?? -1;
        expect(at, `${width}: ${token}`).toBeGreaterThanOrEqual(0);
        const source = whole.find((w) => w.includes(token)) ?? '';
        const before = source[at - 1];
        const after = source[at + token.length];
        expect(before === undefined || /[/:]/.test(before), `${width}: ${token} starts mid-word`).toBe(true);
        expect(after === undefined || after === '@' || /[/:]$/.test(token), `${width}: ${token} ends mid-word`).toBe(true);
      }
    }
    // At 160 the summary sits beside a target column no wider than 36.
    expect(formatTable(long, { color: false, width: 160 })).toMatch(/\n {2}file-drift {2}acme\/controlplane:internal\/ +fail +drift +Drift: GET\n {14}providers\/very-long-folder-name\/ +https:\/\/git/);
  });

  it('keeps control characters and newlines from a server response from reaching the terminal raw', () => {
    const evil = report([
      credential('C', [
        verdict({ id: 'file-drift', target: 'a\nb', status: 'fail', class: 'drift', summary: 'x\u001b[2Jy\rz\ttab', remedy: 'line1\nline2' }),
      ]),
    ]);
    const text = formatTable(evil, { color: false });
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\r');
    expect(text).toContain('x\\x1b[2Jy');
    expect(text).toMatch(/a b +fail +drift +x\\x1b\[2Jy\n +z tab\n/);
    expect(text).toContain('    remedy: line1\n            line2\n');
  });

  it('says so when there is nothing to show', () => {
    expect(formatTable(report([]), { color: false })).toBe('no credentials checked\n\nno probes\noverall: SKIPPED (exit 0)\n');
    expect(formatTable(report([credential('EMPTY', [])]), { color: false })).toContain('SKIPPED EMPTY · persona devops-engineer · forge core · token …687797fc\n  (no probes ran)\n');
  });
});

describe('shouldUseColor', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it.each([
    [tty, {}, true],
    [pipe, {}, false],
    [tty, { NO_COLOR: '1' }, false],
    [tty, { NO_COLOR: '' }, true],
    [pipe, { FORCE_COLOR: '1' }, true],
    [pipe, { FORCE_COLOR: '' }, true],
    [tty, { FORCE_COLOR: '0' }, false],
    [tty, { FORCE_COLOR: 'false' }, false],
    [tty, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    [tty, { TERM: 'dumb' }, false],
  ] as const)('%o with %o → %s', (stream, env, expected) => {
    expect(shouldUseColor(stream, env)).toBe(expected);
  });
});
