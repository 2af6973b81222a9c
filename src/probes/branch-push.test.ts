import { describe, expect, it } from 'vitest';
import { asBranch, facts, response, transient } from '../testing/fake-calls.js';
import { judgeBranchPush } from './branch-push.js';

const branch = (canPush: boolean, prot = false) => asBranch(response(200, { name: 'staging', protected: prot, user_can_push: canPush }, 'GET /api/v1/repos/acme/core/branches/staging'));
const proven = { authenticated: true, login: 'devops-bot', forgeAnswered: true };
const t = { repo: 'acme/core', branch: 'staging' };

describe('branch-push judge', () => {
  it('passes when user_can_push and anonymous cannot', () => {
    expect(judgeBranchPush({ authed: branch(true), control: branch(false), identity: proven }, facts(), t)).toMatchObject({ status: 'pass', target: 'acme/core@staging' });
  });
  it('fails a protected branch without the bot in its whitelist as push-denied', () => {
    const v = judgeBranchPush({ authed: branch(false, true), control: branch(false, true), identity: proven }, facts(), t);
    expect(v).toMatchObject({ status: 'fail', class: 'push-denied' });
    expect(v.remedy).toContain('allow devops-bot');
  });
  it('fails read-only access as push-denied', () => {
    expect(judgeBranchPush({ authed: branch(false), control: branch(false), identity: proven }, facts(), t)).toMatchObject({ status: 'fail', class: 'push-denied' });
  });
  it('anonymous control: if anonymous could push too, only a proven token passes', () => {
    expect(judgeBranchPush({ authed: branch(true), control: branch(true), identity: null }, facts(), t)).toMatchObject({ status: 'inconclusive', class: 'non-discriminating' });
  });
  it('revoked and transient are never pass', () => {
    expect(judgeBranchPush({ authed: asBranch(response(401, { message: 'x' })), control: branch(false), identity: null }, facts(), t).status).toBe('fail');
    expect(judgeBranchPush({ authed: asBranch(transient('timeout')), control: branch(false), identity: proven }, facts(), t).status).toBe('inconclusive');
  });
});

describe('branch-push on forges that cannot always tell', () => {
  it('an unknown push right (GitHub protection rules readable by admins only) warns push-unverified, never passes', () => {
    const unknown = { ...branch(true, true), canPush: null, unknownWhy: 'rules are for administrators only' };
    const v = judgeBranchPush({ authed: unknown, control: branch(false), identity: proven }, facts(), t);
    expect(v).toMatchObject({ status: 'warn', class: 'push-unverified' });
    expect(v.summary).toContain('administrators only');
  });
});
