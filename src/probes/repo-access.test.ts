import { describe, expect, it } from 'vitest';
import { asRepo, facts, foreignResponse, response, transient } from '../testing/fake-calls.js';
import { judgeRepoAccess } from './repo-access.js';

const repo = (perms: { admin: boolean; push: boolean; pull: boolean }) => asRepo(response(200, { full_name: 'acme/core', permissions: perms }, 'GET /api/v1/repos/acme/core'));
const notFound = asRepo(response(404, { message: 'not found', url: 'x', errors: null }, 'GET /api/v1/repos/acme/core'));
const proven = { authenticated: true, login: 'devops-bot', forgeAnswered: true };
const push = { repo: 'acme/core', access: 'push' as const };
const pull = { repo: 'acme/site', access: 'pull' as const };

describe('repo-access judge', () => {
  it('passes when permissions meet the access and anonymous does not', () => {
    const v = judgeRepoAccess({ authed: repo({ admin: false, push: true, pull: true }), control: notFound, identity: proven }, facts(), push);
    expect(v).toMatchObject({ status: 'pass', target: 'acme/core' });
  });
  it('fails 404 as access-lost', () => {
    expect(judgeRepoAccess({ authed: notFound, control: notFound, identity: proven }, facts(), push)).toMatchObject({ status: 'fail', class: 'access-lost' });
  });
  it('fails insufficient permission as access-lost', () => {
    const v = judgeRepoAccess({ authed: repo({ admin: false, push: false, pull: true }), control: notFound, identity: proven }, facts(), push);
    expect(v).toMatchObject({ status: 'fail', class: 'access-lost' });
    expect(v.summary).toContain('has pull on acme/core but needs push');
  });
  it('anonymous control: a public repo read that works without the token is non-discriminating unless identity proved the token', () => {
    const publicRead = repo({ admin: false, push: false, pull: true });
    expect(judgeRepoAccess({ authed: publicRead, control: publicRead, identity: null }, facts(), pull)).toMatchObject({ status: 'inconclusive', class: 'non-discriminating' });
    expect(judgeRepoAccess({ authed: publicRead, control: publicRead, identity: { authenticated: false, login: null, forgeAnswered: true } }, facts(), pull)).toMatchObject({ status: 'inconclusive' });
    expect(judgeRepoAccess({ authed: publicRead, control: publicRead, identity: proven }, facts(), pull)).toMatchObject({ status: 'pass' });
  });
  it('never passes a revoked token, even on a public repo', () => {
    const v = judgeRepoAccess({ authed: asRepo(response(401, { message: 'invalid username, password or token' })), control: repo({ admin: false, push: false, pull: true }), identity: null }, facts(), pull);
    expect(v).toMatchObject({ status: 'fail', class: 'revoked' });
  });
  it('without a proven identity, only a control the forge denied definitively lets a pass stand', () => {
    const authed = repo({ admin: false, push: true, pull: true });
    const unproven = { authenticated: false, login: null, forgeAnswered: true };
    expect(judgeRepoAccess({ authed, control: notFound, identity: unproven }, facts(), push).status).toBe('pass');
    expect(judgeRepoAccess({ authed, control: asRepo(transient('server-error', 503)), identity: unproven }, facts(), push)).toMatchObject({ status: 'inconclusive', class: 'unreachable' });
    expect(judgeRepoAccess({ authed, control: asRepo(foreignResponse(403, '<h1>Blocked</h1>')), identity: unproven }, facts(), push)).toMatchObject({ status: 'inconclusive', class: 'unexpected-response' });
  });
  it('a front\'s HTML 404 is not access-lost', () => {
    const v = judgeRepoAccess({ authed: asRepo(foreignResponse(404, '<html>Not Found</html>')), control: notFound, identity: proven }, facts(), push);
    expect(v).toMatchObject({ status: 'inconclusive', class: 'unexpected-response', evidence: { httpStatus: 404, body: 'Not Found' } });
  });
  it('transient → inconclusive', () => {
    expect(judgeRepoAccess({ authed: asRepo(transient('server-error', 503)), control: notFound, identity: proven }, facts(), push)).toMatchObject({ status: 'inconclusive', class: 'unreachable' });
  });
  it('scope 403 → scope-missing', () => {
    const call = response(403, { message: 'token does not have at least one of required scope(s): [read:repository]' });
    expect(judgeRepoAccess({ authed: asRepo(call), control: notFound, identity: proven }, facts(), push)).toMatchObject({ status: 'fail', class: 'scope-missing' });
  });
});
