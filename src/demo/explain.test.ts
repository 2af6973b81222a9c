import { describe, expect, it } from 'vitest';
import { displayWidth } from '../report/width.js';
import { demoOutcome, whatThisShows, type DemoResult } from './explain.js';

const results: DemoResult[] = [
  { e: { credential: 'HEALTHY_TOKEN', probe: 'identity', status: 'pass', class: null, shows: 'a working bot token passes every probe, including the git push path' }, ok: true, found: 'pass' },
  {
    e: { credential: 'PROTECTED_BRANCH_TOKEN', probe: 'git-auth', target: 'acme/release', status: 'pass', class: null, shows: '…although git authenticates: authentication is not authorisation' },
    ok: false,
    found: 'fail/git-auth-failed',
  },
];

describe('whatThisShows', () => {
  it('at 80 columns puts each explanation under its verdict, wrapped at word boundaries', () => {
    const lines = whatThisShows(results, 80, false);
    expect(lines).toEqual([
      'What this shows',
      '  ✓ HEALTHY_TOKEN identity  pass',
      '      a working bot token passes every probe, including the git push path',
      '  ✗ PROTECTED_BRANCH_TOKEN git-auth acme/release  fail/git-auth-failed',
      '      …although git authenticates: authentication is not authorisation',
    ]);
  });

  it('at 160 columns aligns the explanation in a column beside the verdicts', () => {
    const lines = whatThisShows(results, 160, false);
    expect(lines[1]).toBe('  ✓ HEALTHY_TOKEN identity                        pass                  a working bot token passes every probe, including the git push path');
    expect(lines[2]).toMatch(/^ {2}✗ PROTECTED_BRANCH_TOKEN git-auth acme\/release {2}fail\/git-auth-failed {2}…although/);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(160);
  });

  it('never breaks a word and never exceeds a narrow width', () => {
    const lines = whatThisShows(results, 50, false);
    const words = new Set(results.flatMap((r) => r.e.shows.split(' ')));
    for (const line of lines.slice(1)) {
      if (!line.startsWith('      ')) continue;
      expect(displayWidth(line)).toBeLessThanOrEqual(50);
      for (const w of line.trim().split(' ')) expect(words.has(w)).toBe(true);
    }
  });
});

describe('demoOutcome', () => {
  it('says why the demo exits 0 although the check it ran exits 1', () => {
    expect(demoOutcome(16, 16, true, 1)).toEqual([
      '16/16 verdicts came out as designed; `credcanary check` itself exits 1 on this inventory, as it should.',
      'exit 0: every verdict came out as designed (the demo checks the verdicts, not the credentials).',
    ]);
  });

  it('says what went wrong when it exits 1', () => {
    expect(demoOutcome(15, 16, false, 1)[1]).toBe('exit 1: 1 verdict(s) did not come out as designed; the naive ls-remote canary was not fooled as expected.');
  });
});
