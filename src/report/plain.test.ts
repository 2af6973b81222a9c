import { describe, expect, it } from 'vitest';
import { formatPlain } from './plain.js';
import type { Report } from './model.js';

const report: Report = {
  schema: 'credcanary.report/v1',
  status: 'fail',
  startedAt: '2026-11-23T12:00:00.000Z',
  finishedAt: '2026-11-23T12:00:01.000Z',
  durationMs: 1000,
  counts: { pass: 1, warn: 0, fail: 1, inconclusive: 0, skipped: 0 },
  credentials: [
    {
      name: 'AUTO_SYNC_TOKEN',
      forge: 'core',
      persona: 'devops-bot',
      last8: '687797fc',
      status: 'fail',
      probes: [
        { id: 'presence', target: null, status: 'pass', class: null, summary: 'Secret present in env AUTO_SYNC_TOKEN.', remedy: null, durationMs: 0, evidence: {} },
        { id: 'identity', target: null, status: 'fail', class: 'revoked', summary: 'Token rotation suspected: GET /api/v1/user returned 401.', remedy: 'Likely cause: rotated. Remedy: mint.', durationMs: 3, evidence: {} },
      ],
    },
  ],
};

describe('plain format', () => {
  const text = formatPlain(report, { color: true });
  it('never colours, never emits workflow commands', () => {
    expect(text).not.toMatch(/\u001b\[/);
    expect(text.split('\n').some((l) => l.startsWith('::'))).toBe(false);
  });
  it('ends with a framed block naming only what needs attention', () => {
    const block = text.slice(text.indexOf('==== credcanary:'));
    expect(block).toMatch(/^==== credcanary: FAIL/);
    expect(block).toContain('FAIL AUTO_SYNC_TOKEN identity (revoked)');
    expect(block).not.toContain('presence');
    expect(text.trimEnd().endsWith('==== end credcanary: FAIL ====')).toBe(true);
  });
  it('keeps the full table above it', () => {
    expect(text.indexOf('presence')).toBeLessThan(text.indexOf('==== credcanary:'));
  });
});
