import { describe, expect, it } from 'vitest';
import { facts, identityAnswer, response, transient } from '../testing/fake-calls.js';
import { judgeIdentity, provesAuthentication } from './identity.js';

const user = (login: string) => response(200, { id: 7, login, username: login }, 'GET /api/v1/user');
const anon = response(401, { message: 'token is required', url: 'x' }, 'GET /api/v1/user');

describe('identity judge', () => {
  it('passes a bot token that resolves to its persona', () => {
    const v = judgeIdentity(identityAnswer(user('devops-bot'), anon), facts());
    expect(v).toMatchObject({ status: 'pass', class: null });
  });
  it('fails a 401 as revoked, naming rotation, with a remedy', () => {
    const v = judgeIdentity(identityAnswer(response(401, { message: 'invalid username, password or token' }, 'GET /api/v1/user'), anon), facts());
    expect(v).toMatchObject({ status: 'fail', class: 'revoked' });
    expect(v.summary).toMatch(/^Token rotation suspected: GET \/api\/v1\/user returned 401/);
    expect(v.remedy).toMatch(/Likely cause: .*Remedy: /);
  });
  it('fails another login as wrong-persona', () => {
    expect(judgeIdentity(identityAnswer(user('mirror-bot'), anon), facts())).toMatchObject({ status: 'fail', class: 'wrong-persona' });
  });
  it('fails a human persona as forbidden-persona', () => {
    const v = judgeIdentity(identityAnswer(user('founder'), anon), facts({ persona: 'founder' }, { kind: 'human', name: 'founder', login: 'founder' }));
    expect(v).toMatchObject({ status: 'fail', class: 'forbidden-persona' });
  });
  it('fails a scope 403 as scope-missing but counts the token as authenticated', () => {
    const call = response(403, { message: 'token does not have at least one of required scope(s), required=[read:user], token scope=write:repository' });
    expect(judgeIdentity(identityAnswer(call, anon), facts())).toMatchObject({ status: 'fail', class: 'scope-missing' });
    expect(provesAuthentication(identityAnswer(call, anon))).toBe(true);
  });
  it('treats transient faults as inconclusive, never pass or fail', () => {
    expect(judgeIdentity(identityAnswer(transient('timeout'), anon), facts())).toMatchObject({ status: 'inconclusive', class: 'unreachable' });
    expect(judgeIdentity(identityAnswer(transient('rate-limited', 429), anon), facts())).toMatchObject({ status: 'inconclusive', class: 'rate-limited' });
  });
  it('anonymous control: a forge (or proxy) that answers /user as the same login without a token proves nothing', () => {
    const v = judgeIdentity(identityAnswer(user('devops-bot'), user('devops-bot')), facts());
    expect(v).toMatchObject({ status: 'inconclusive', class: 'non-discriminating' });
  });
  it('a 401 never counts as authenticated', () => {
    expect(provesAuthentication(identityAnswer(response(401, { message: 'x' }), anon))).toBe(false);
  });
});
