import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, registerSecret } from '../secrets/redact.js';
import { credential, report, verdict } from './fixtures.js';
import { needsAttention, neutraliseControls, oneLine, outcomeLine, probeLabel, redactReport, tokenLabel, totalsLine } from './text.js';

describe('shared report text', () => {
  afterEach(() => clearSecrets());

  it('totals list non-zero counts in status order', () => {
    expect(totalsLine({ pass: 5, warn: 0, fail: 1, inconclusive: 0, skipped: 1 })).toBe('5 pass · 1 fail · 1 skipped');
    expect(totalsLine({ pass: 0, warn: 0, fail: 0, inconclusive: 0, skipped: 0 })).toBe('no probes');
  });

  it('outcome line carries the exit code from exitCodeFor', () => {
    const with_ = (status: 'pass' | 'warn' | 'fail' | 'inconclusive') => report([credential('A', [verdict({ id: 'identity', status })])]);
    expect(outcomeLine(with_('pass'))).toBe('PASS (exit 0)');
    expect(outcomeLine(with_('warn'))).toBe('WARN (exit 0)');
    expect(outcomeLine(with_('warn'), true)).toBe('WARN (exit 1 with --strict)');
    expect(outcomeLine(with_('fail'))).toBe('FAIL (exit 1)');
    expect(outcomeLine(with_('inconclusive'))).toBe('INCONCLUSIVE (exit 3)');
  });

  it('labels', () => {
    expect(probeLabel(verdict({ id: 'identity', status: 'pass' }))).toBe('identity');
    expect(probeLabel(verdict({ id: 'branch-push', target: 'acme/core@staging', status: 'pass' }))).toBe('branch-push acme/core@staging');
    expect(tokenLabel(credential('A', []))).toBe('token …687797fc');
    expect(tokenLabel(credential('A', [], { last8: null }))).toBe('no token');
    expect(['pass', 'warn', 'fail', 'inconclusive', 'skipped'].filter((s) => needsAttention(s as never))).toEqual(['warn', 'fail', 'inconclusive']);
  });

  it('neutralises control characters but keeps text, tabs and line breaks', () => {
    expect(neutraliseControls('a\u001b[31mb\r\nc\rd\te\u0000\u009b\uffff')).toBe('a\\x1b[31mb\nc\nd\te\\x00\\x9b\\uffff');
    expect(oneLine(' a\n\tb \r\n')).toBe('a b');
  });

  it('redacts every string field, evidence included, without touching the input', () => {
    registerSecret('tok-SECRET-1');
    const input = report([
      credential('N tok-SECRET-1', [
        verdict({ id: 'identity', status: 'fail', target: 'tok-SECRET-1', summary: 'x tok-SECRET-1', remedy: 'tok-SECRET-1', evidence: { a: 'tok-SECRET-1', b: ['tok-SECRET-1'], c: 401, d: null } }),
      ], { persona: 'tok-SECRET-1', forge: 'tok-SECRET-1' }),
    ]);
    const out = redactReport(input);
    expect(JSON.stringify(out)).not.toContain('tok-SECRET-1');
    expect(out.credentials[0]!.probes[0]!.evidence).toEqual({ a: '[REDACTED]', b: ['[REDACTED]'], c: 401, d: null });
    expect(JSON.stringify(input)).toContain('tok-SECRET-1');
  });
});
