import { describe, expect, it } from 'vitest';
import { countStatuses, worstStatus } from './status.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { nextDelay, parseRetryAfter } from './retry.js';
import { compareScopes, formatScopes, parseScopeRejection, parseScopes, UnknownScopeError } from './gitea-scopes.js';

describe('status order', () => {
  it('fail > inconclusive > warn > pass > skipped', () => {
    expect(worstStatus(['pass', 'skipped'])).toBe('pass');
    expect(worstStatus(['pass', 'warn', 'skipped'])).toBe('warn');
    expect(worstStatus(['warn', 'inconclusive'])).toBe('inconclusive');
    expect(worstStatus(['inconclusive', 'fail', 'pass'])).toBe('fail');
    expect(worstStatus([])).toBe('skipped');
  });
  it('counts every status key', () => {
    expect(countStatuses(['pass', 'pass', 'fail'])).toEqual({ pass: 2, warn: 0, fail: 1, inconclusive: 0, skipped: 0 });
  });
});

describe('exit codes', () => {
  it('maps statuses per DESIGN.md', () => {
    expect(exitCodeFor('pass')).toBe(EXIT.ok);
    expect(exitCodeFor('skipped')).toBe(EXIT.ok);
    expect(exitCodeFor('warn')).toBe(EXIT.ok);
    expect(exitCodeFor('warn', { strict: true })).toBe(EXIT.fail);
    expect(exitCodeFor('fail')).toBe(1);
    expect(exitCodeFor('inconclusive')).toBe(3);
    expect(EXIT.usage).toBe(2);
  });
});

describe('retry policy', () => {
  const policy = { retries: 2, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
  it('stops after the configured retries', () => {
    expect(nextDelay(policy, 0, null, 0)).toBe(50);
    expect(nextDelay(policy, 1, null, 0.999)).toBeLessThanOrEqual(200);
    expect(nextDelay(policy, 2, null, 0)).toBeNull();
  });
  it('honours Retry-After, but not an unreasonable one', () => {
    expect(nextDelay(policy, 0, 3000, 0)).toBe(3000);
    expect(nextDelay(policy, 0, 60_000, 0)).toBeNull();
  });
  it('parses seconds and HTTP dates', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('gitea scopes', () => {
  it('normalises like Gitea stores them', () => {
    expect(formatScopes(parseScopes(['read:repository', 'write:repository', 'read:user']))).toEqual(['write:repository', 'read:user']);
    expect(formatScopes(parseScopes(['all']))).toEqual(['all']);
    expect(formatScopes(parseScopes(['public-only', 'read:issue']))).toEqual(['public-only', 'read:issue']);
  });
  it('write implies read; all implies every write', () => {
    const cmp = compareScopes(parseScopes(['read:repository']), parseScopes(['write:repository']));
    expect(cmp.missing).toEqual([]);
    expect(cmp.excess).toEqual(['write:repository']);
    expect(compareScopes(parseScopes(['write:repository', 'read:user']), parseScopes(['all'])).missing).toEqual([]);
    expect(compareScopes(parseScopes(['write:repository']), parseScopes(['read:repository'])).missing).toEqual(['write:repository']);
  });
  it('rejects unknown scope names', () => {
    expect(() => parseScopes(['read:repo'])).toThrow(UnknownScopeError);
  });
  it('reads both 403 scope message formats', () => {
    expect(
      parseScopeRejection('token does not have at least one of required scope(s), required=[read:user], token scope=write:repository,read:issue'),
    ).toEqual({ required: ['read:user'], tokenScopes: ['write:repository', 'read:issue'] });
    expect(parseScopeRejection('token does not have at least one of required scope(s): [read:organization]')).toEqual({
      required: ['read:organization'],
      tokenScopes: null,
    });
    expect(parseScopeRejection('user should be the owner of the repo')).toBeNull();
  });
});
