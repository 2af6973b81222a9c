import { describe, expect, it } from 'vitest';
import { judgeExpiry } from './expiry.js';

describe('expiry judge', () => {
  it('is skipped on Gitea and Forgejo, whose tokens do not expire', () => {
    expect(judgeExpiry({ forgeType: 'gitea' })).toMatchObject({ status: 'skipped', class: 'not-applicable' });
    expect(judgeExpiry({ forgeType: 'forgejo' }).summary).toContain('Forgejo');
  });
  it('anonymous control: it makes no request, so it can never pass', () => {
    expect(judgeExpiry({ forgeType: 'gitea' }).status).not.toBe('pass');
  });
});
