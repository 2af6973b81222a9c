import { describe, expect, it } from 'vitest';
import { credential, report, sampleReport, verdict } from './fixtures.js';
import { formatMarkdown, mdInline } from './markdown.js';

describe('formatMarkdown', () => {
  const md = formatMarkdown(sampleReport(), { color: false });
  const lines = md.split('\n');

  it('opens with a headline: emoji, status, exit code, then the counts', () => {
    expect(lines[0]).toBe('## ❌ credcanary: FAIL (exit 1)');
    expect(lines[2]).toBe('**3 pass · 1 warn · 1 fail · 1 inconclusive · 2 skipped** — 8 probes across 2 credentials in 412 ms');
    const one = report([credential('A', [verdict({ id: 'identity', status: 'pass' })])], { durationMs: 1500 });
    expect(formatMarkdown(one, { color: false }).split('\n')[2]).toBe('**1 pass** — 1 probe across 1 credential in 1.5 s');
    const warn = report([credential('A', [verdict({ id: 'scopes', status: 'warn' })])]);
    expect(formatMarkdown(warn, { color: false, strict: true })).toMatch(/^## ⚠️ credcanary: WARN \(exit 1 with --strict\)\n/);
  });

  it('has a table per credential with one row per verdict', () => {
    expect(md).toContain('### ❌ AUTO\\_SYNC\\_TOKEN\n\npersona devops-engineer · forge core · token …687797fc · **fail**\n\n| probe | target | status | class | summary |\n|---|---|---|---|---|\n| presence | — | ✅ pass | — |');
    expect(md).toContain('| branch-push | acme/core@staging | ❔ inconclusive | unreachable | GET /repos/acme/core/branches/staging: connection refused after 3 tries |');
    expect(md).toContain('### ⚠️ OPS\\_CRON\\_TOKEN\n\npersona ops-bot · forge core · no token · **warn**');
    expect(md).toContain('| expiry | — | ⏭️ skipped | not-applicable | Gitea tokens do not expire |');
    // Every table row has exactly six unescaped pipes (five cells).
    for (const row of lines.filter((l) => l.startsWith('| '))) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(7);
  });

  it('escapes pipes, markup and line breaks inside cells', () => {
    expect(md).toContain('| identity | — | ❌ fail | revoked | Token rotation suspected: GET /api/v1/user returned 401 at 100% certainty, a \\<b\\>\\&amp; \\| c |');
    const r = report([credential('X', [verdict({ id: 'file-drift', target: 'a|b', status: 'fail', class: 'drift', summary: 'one\ntwo | *three* `x` [l](u)\u001b', remedy: 'r' })])]);
    const row = formatMarkdown(r, { color: false }).split('\n').find((l) => l.startsWith('| file-drift'))!;
    expect(row).toBe('| file-drift | a\\|b | ❌ fail | drift | one<br>two \\| \\*three\\* \\`x\\` \\[l\\](u)\\\\x1b |');
  });

  it('folds the remedies for non-pass rows into a details block', () => {
    const start = lines.indexOf('<details>');
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start, start + 3)).toEqual(['<details>', '<summary>Remedies (3)</summary>', '']);
    expect(md).toContain('- ❌ **AUTO\\_SYNC\\_TOKEN identity** (fail, revoked): Likely cause: the token was rotated or revoked.<br>Remedy: mint');
    expect(md).toContain('- ❔ **AUTO\\_SYNC\\_TOKEN branch-push acme/core@staging** (inconclusive, unreachable): Check that');
    expect(md).toContain('- ⚠️ **OPS\\_CRON\\_TOKEN scopes** (warn, scope-excess): Least privilege');
    expect(md.endsWith('\n</details>\n')).toBe(true);
  });

  it('leaves the details block out when everything passed', () => {
    const green = report([credential('A', [verdict({ id: 'identity', status: 'pass' })])]);
    expect(formatMarkdown(green, { color: false })).not.toContain('<details>');
    expect(formatMarkdown(green, { color: false })).toMatch(/^## ✅ credcanary: PASS \(exit 0\)\n/);
  });

  it('mdInline escapes everything that would change rendering', () => {
    expect(mdInline('a_b*c`d[e]f<g>h|i~j&k!l#m\\n')).toBe('a\\_b\\*c\\`d\\[e\\]f\\<g\\>h\\|i\\~j\\&k\\!l\\#m\\\\n');
    expect(mdInline('x\r\ny\tz')).toBe('x<br>y z');
  });
});
