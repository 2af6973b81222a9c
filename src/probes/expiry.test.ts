import { describe, expect, it } from 'vitest';
import { facts, response, transient } from '../testing/fake-calls.js';
import { judgeExpiry } from './expiry.js';

// facts().now is 2026-11-23T12:00:00Z.
const call = response(200, {}, 'GET /api/v3/rate_limit');
const at = (iso: string) => ({ kind: 'at' as const, at: iso, source: 'the GitHub-Authentication-Token-Expiration header', call });

describe('expiry judge', () => {
  it('expired, expiring within 14 days, and later', () => {
    expect(judgeExpiry(at('2026-11-20T00:00:00.000Z'), facts())).toMatchObject({ status: 'fail', class: 'expired' });
    const soon = judgeExpiry(at('2026-11-30T12:00:00.000Z'), facts());
    expect(soon).toMatchObject({ status: 'warn', class: 'expiring' });
    expect(soon.evidence['daysLeft']).toBe(7);
    expect(judgeExpiry(at('2027-06-01T00:00:00.000Z'), facts())).toMatchObject({ status: 'pass', class: null });
  });
  it('no expiry date passes; a transient or refused read is never green', () => {
    expect(judgeExpiry({ kind: 'never', source: 'x', call }, facts()).status).toBe('pass');
    expect(judgeExpiry({ kind: 'unknown', source: 'x', call: transient('timeout') }, facts())).toMatchObject({ status: 'inconclusive', class: 'unreachable' });
    expect(judgeExpiry({ kind: 'unknown', source: 'x', call: response(401, { message: 'Bad credentials' }) }, facts())).toMatchObject({ status: 'fail', class: 'revoked' });
    expect(judgeExpiry({ kind: 'unknown', source: 'x', call: response(500, {}) }, facts()).status).toBe('inconclusive');
  });
});
