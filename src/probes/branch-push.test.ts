import { describe, expect, it } from 'vitest';
import { facts, response, transient } from '../testing/fake-calls.js';
import { judgeBranchPush } from './branch-push.js';

const branch = (canPush: boolean, prot = false) => response(200, { name: 'staging', protected: prot, user_can_push: canPush }, 'GET /api/v1/repos/acme/core/branches/staging');
const proven = { authenticated: true, login: 'devops-bot', forgeAnswered: true };
const t = { repo: 'acme/core', branch: 'staging' };

describe('branch-push judge', () => {
  it('passes when user_can_push and anonymous cannot', () => {
    expect(judgeBranchPush({ authed: branch(true), control: branch(false), identity: proven }, facts(), t)).toMatchObject({ status: 'pass', target: 'acme/core@staging' });
  });
  it('fails a protected branch without the bot in its whitelist as push-denied', () => {
    const v = judgeBranchPush({ authed: branch(false, true), control: branch(false, true), identity: proven }, facts(), t);
    expect(v).toMatchObject({ status: 'fail', class: 'push-denied' });
    expect(v.remedy).toContain('whitelist');
  });
  it('fails read-only access as push-denied', () => {
    expect(judgeBranchPush({ authed: branch(false), control: branch(false), identity: proven }, facts(), t)).toMatchObject({ status: 'fail', class: 'push-denied' });
  });
  it('anonymous control: if anonymous could push too, only a proven token passes', () => {
    expect(judgeBranchPush({ authed: branch(true), control: branch(true), identity: null }, facts(), t)).toMatchObject({ status: 'inconclusive', class: 'non-discriminating' });
  });
  it('revoked and transient are never pass', () => {
    expect(judgeBranchPush({ authed: response(401, { message: 'x' }), control: branch(false), identity: null }, facts(), t).status).toBe('fail');
    expect(judgeBranchPush({ authed: transient('timeout'), control: branch(false), identity: proven }, facts(), t).status).toBe('inconclusive');
  });
});
