import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Verdict } from '../core/verdict.js';
import { credential, report, sampleReport, verdict } from './fixtures.js';
import { ANNOTATION_LIMIT, STEP_SUMMARY_LIMIT, escapeData, escapeProperty, formatGithub, plainBlock, writeStepSummary } from './github.js';
import { formatMarkdown } from './markdown.js';

describe('workflow command escaping (github-gitlab-ci-facts §9)', () => {
  it('escapes % CR LF in messages', () => {
    expect(escapeData('100% a\r\nb:c,d')).toBe('100%25 a%0D%0Ab:c,d');
  });
  it('escapes : and , as well in properties', () => {
    expect(escapeProperty('credcanary: A, B%\n')).toBe('credcanary%3A A%2C B%25%0A');
  });
});

describe('formatGithub', () => {
  const out = formatGithub(sampleReport(), { color: true });
  const lines = out.split('\n');

  it('emits one ::error per fail and one ::warning per warn and inconclusive, with a credcanary title', () => {
    expect(lines[0]).toBe(
      '::error title=credcanary%3A AUTO_SYNC_TOKEN identity (revoked)::Token rotation suspected: GET /api/v1/user returned 401 at 100%25 certainty, a <b>&amp; | c%0ARemedy: Likely cause: the token was rotated or revoked.%0ARemedy: mint a new token for devops-engineer, then update the secret AUTO_SYNC_TOKEN.',
    );
    expect(lines[1]).toBe(
      '::warning title=credcanary%3A AUTO_SYNC_TOKEN branch-push acme/core@staging (unreachable)::Inconclusive: GET /repos/acme/core/branches/staging: connection refused after 3 tries%0ARemedy: Check that git.example.com is reachable from this runner, then re-run.',
    );
    expect(lines[2]).toBe(
      '::warning title=credcanary%3A OPS_CRON_TOKEN scopes (scope-excess)::Extra scopes: write:admin, write:org%0ARemedy: Least privilege: mint a token with only read:user, read:repository.',
    );
    expect(lines.filter((l) => l.startsWith('::error'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('::warning'))).toHaveLength(2);
  });

  it('keeps every annotation on one line and escapes property separators in titles', () => {
    const r = report([credential('T:1,2', [verdict({ id: 'file-drift', target: 'a,b:c', status: 'fail', class: 'drift', summary: 'l1\nl2\rl3 50%', remedy: null })])]);
    const [first] = formatGithub(r, { color: false }).split('\n');
    expect(first).toBe('::error title=credcanary%3A T%3A1%2C2 file-drift a%2Cb%3Ac (drift)::l1%0Al2%0Dl3 50%25');
  });

  it('then prints the plain table, uncoloured, fenced from command parsing', () => {
    expect(out).not.toContain('\u001b');
    const stop = lines.findIndex((l) => l.startsWith('::stop-commands::'));
    expect(stop).toBe(3);
    const fence = lines[stop]!.slice('::stop-commands::'.length);
    expect(fence).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines[stop + 1]).toBe('FAIL AUTO_SYNC_TOKEN · persona devops-engineer · forge core · token …687797fc');
    expect(lines.at(-2)).toBe(`::${fence}::`);
    expect(lines.at(-3)).toBe('overall: FAIL (exit 1)');
    // A fresh fence each time: it must not be guessable by text planted in a summary.
    expect(formatGithub(sampleReport(), { color: false })).not.toContain(fence);
  });

  it('emits no annotations for an all-green report', () => {
    const green = report([credential('A', [verdict({ id: 'identity', status: 'pass' }), verdict({ id: 'expiry', status: 'skipped' })])]);
    expect(formatGithub(green, { color: false })).toMatch(/^::stop-commands::/);
  });

  function many(status: Verdict['status'], n: number): Verdict[] {
    return Array.from({ length: n }, (_, i) => verdict({ id: 'repo-access', target: `acme/r${i}`, status, class: 'access-lost', remedy: 'fix' }));
  }

  it('caps each kind at the per-step limit, the last slot summarising the rest', () => {
    const r = report([credential('BIG', [...many('fail', 14), ...many('warn', 6), ...many('inconclusive', 6)])]);
    const text = formatGithub(r, { color: false });
    const errors = text.split('\n').filter((l) => l.startsWith('::error '));
    const warnings = text.split('\n').filter((l) => l.startsWith('::warning '));
    expect(errors).toHaveLength(ANNOTATION_LIMIT);
    expect(warnings).toHaveLength(ANNOTATION_LIMIT);
    expect(errors[8]).toContain('BIG repo-access acme/r8 (access-lost)');
    expect(errors[9]).toBe(
      '::error title=credcanary%3A 5 more failures::5 more failures (see the log table and step summary): BIG repo-access acme/r9, BIG repo-access acme/r10, BIG repo-access acme/r11, BIG repo-access acme/r12, BIG repo-access acme/r13',
    );
    expect(warnings[9]).toMatch(/^::warning title=credcanary%3A 3 more warnings::3 more warnings/);
  });

  it('shows exactly the limit without a summary line when there are exactly that many', () => {
    const text = formatGithub(report([credential('TEN', many('fail', ANNOTATION_LIMIT))]), { color: false });
    const errors = text.split('\n').filter((l) => l.startsWith('::error '));
    expect(errors).toHaveLength(ANNOTATION_LIMIT);
    expect(text).not.toContain('more failures');
  });
});

describe('plainBlock (Gitea/Forgejo runners)', () => {
  it('frames the problems in a marked block no runner treats as a command', () => {
    const block = plainBlock(sampleReport());
    expect(block).toBe(
      [
        '==== credcanary: FAIL (exit 1) ====',
        '3 pass · 1 warn · 1 fail · 1 inconclusive · 2 skipped',
        'FAIL AUTO_SYNC_TOKEN identity (revoked)',
        '  Token rotation suspected: GET /api/v1/user returned 401 at 100% certainty, a <b>&amp; | c',
        '  remedy: Likely cause: the token was rotated or revoked.',
        '          Remedy: mint a new token for devops-engineer, then update the secret AUTO_SYNC_TOKEN.',
        'INCONCLUSIVE AUTO_SYNC_TOKEN branch-push acme/core@staging (unreachable)',
        '  GET /repos/acme/core/branches/staging: connection refused after 3 tries',
        '  remedy: Check that git.example.com is reachable from this runner, then re-run.',
        'WARN OPS_CRON_TOKEN scopes (scope-excess)',
        '  Extra scopes: write:admin, write:org',
        '  remedy: Least privilege: mint a token with only read:user, read:repository.',
        '==== end credcanary: FAIL ====',
        '',
      ].join('\n'),
    );
  });

  it('indents planted command text and says when strict makes a warning fail', () => {
    const r = report([credential('C', [verdict({ id: 'scopes', status: 'warn', class: 'scope-excess', summary: 'a\n::error::pwned', remedy: '::add-mask::x' })])]);
    const block = plainBlock(r, { strict: true });
    expect(block.split('\n').some((l) => l.startsWith('::'))).toBe(false);
    expect(block.startsWith('==== credcanary: WARN (exit 1 with --strict) ====\n')).toBe(true);
  });
});

describe('writeStepSummary', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'credcanary-summary-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('does nothing when GITHUB_STEP_SUMMARY is not set', async () => {
    expect(await writeStepSummary(sampleReport(), {})).toEqual({ written: false, truncated: false, bytes: 0 });
    expect(await writeStepSummary(sampleReport(), { GITHUB_STEP_SUMMARY: '' })).toEqual({ written: false, truncated: false, bytes: 0 });
  });

  it('appends the markdown report to the file', async () => {
    const file = join(dir, 'summary.md');
    await writeFile(file, '# earlier step output\n');
    const result = await writeStepSummary(sampleReport(), { GITHUB_STEP_SUMMARY: file });
    const md = formatMarkdown(sampleReport(), { color: false });
    expect(result).toEqual({ written: true, truncated: false, bytes: Buffer.byteLength(md) });
    expect(await readFile(file, 'utf8')).toBe(`# earlier step output\n${md}`);
  });

  function hugeReport() {
    const probes = Array.from({ length: 4000 }, (_, i) =>
      verdict({ id: 'repo-access', target: `acme/repo-${i}`, status: 'fail', class: 'access-lost', summary: `日本 ${i}`, remedy: `remedy ${i} ${'y'.repeat(400)}` }),
    );
    return report([credential('HUGE', probes)]);
  }

  it('truncates over the 1 MiB limit, counting what is already in the file, with a note and balanced details', async () => {
    const file = join(dir, 'summary.md');
    const before = 'z'.repeat(300_000) + '\n';
    await writeFile(file, before);
    const result = await writeStepSummary(hugeReport(), { GITHUB_STEP_SUMMARY: file });
    expect(result.written).toBe(true);
    expect(result.truncated).toBe(true);
    const content = await readFile(file, 'utf8');
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
    expect(Buffer.byteLength(content)).toBeGreaterThan(STEP_SUMMARY_LIMIT - 2048);
    expect(content.startsWith(before)).toBe(true);
    expect(content).not.toContain('\uFFFD');
    expect(content).toMatch(/> \*\*Truncated:\*\* the full summary is \d+ bytes, over GitHub's 1048576-byte step summary limit\./);
    expect((content.match(/<details>/g) ?? []).length).toBe((content.match(/<\/details>/g) ?? []).length);
    // The cut fell inside the remedies block, which is closed so the note is not folded away.
    expect(content).toContain('<summary>Remedies (4000)</summary>');
    expect(content).toMatch(/y\n\n<\/details>\n\n> \*\*Truncated/);
  });

  it('writes nothing when the file is already full', async () => {
    const file = join(dir, 'summary.md');
    await writeFile(file, 'z'.repeat(STEP_SUMMARY_LIMIT));
    expect(await writeStepSummary(sampleReport(), { GITHUB_STEP_SUMMARY: file })).toEqual({ written: false, truncated: true, bytes: 0 });
    expect((await readFile(file)).length).toBe(STEP_SUMMARY_LIMIT);
  });
});
