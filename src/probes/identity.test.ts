import { describe, expect, it } from 'vitest';
import { facts, foreignResponse, identityAnswer, response, transient } from '../testing/fake-calls.js';
import { judgeIdentity, provesIdentity, withTransportWarning } from './identity.js';

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
  it('fails a scope 403 as scope-missing', () => {
    const call = response(403, { message: 'token does not have at least one of required scope(s), required=[read:user], token scope=write:repository' });
    expect(judgeIdentity(identityAnswer(call, anon), facts())).toMatchObject({ status: 'fail', class: 'scope-missing' });
  });
  it('treats transient faults as inconclusive, never pass or fail', () => {
    expect(judgeIdentity(identityAnswer(transient('timeout'), anon), facts())).toMatchObject({ status: 'inconclusive', class: 'unreachable' });
    expect(judgeIdentity(identityAnswer(transient('rate-limited', 429), anon), facts())).toMatchObject({ status: 'inconclusive', class: 'rate-limited' });
  });
  it('anonymous control: a forge (or proxy) that answers /user as the same login without a token proves nothing', () => {
    const v = judgeIdentity(identityAnswer(user('devops-bot'), user('devops-bot')), facts());
    expect(v).toMatchObject({ status: 'inconclusive', class: 'non-discriminating' });
  });
  it('anonymous control answered as the same login in another case proves nothing either', () => {
    expect(judgeIdentity(identityAnswer(user('devops-bot'), user('DevOps-Bot')), facts())).toMatchObject({ status: 'inconclusive', class: 'non-discriminating' });
  });
  it.each([
    ['503', transient('server-error', 503, 'GET /api/v1/user'), 'unreachable'],
    ['429', transient('rate-limited', 429, 'GET /api/v1/user'), 'rate-limited'],
    ['an HTML page', foreignResponse(401, '<html><title>Sign in</title></html>', 'GET /api/v1/user'), 'unexpected-response'],
    ['JSON not in the forge\'s error shape', response(403, { message: 'Forbidden' }, 'GET /api/v1/user', {}, true), 'unexpected-response'],
    ['a 500 that is not a denial', response(418, { message: 'teapot' }, 'GET /api/v1/user'), 'unexpected-response'],
  ])('a control that did not fail definitively (%s) never lets identity pass', (_l, control, cls) => {
    const v = judgeIdentity(identityAnswer(user('devops-bot'), control), facts());
    expect(v).toMatchObject({ status: 'inconclusive', class: cls });
    expect(v.summary).toMatch(/anonymous control/);
  });
  it('an HTML 403 (a WAF or SSO front) is not the token\'s fault: inconclusive, with the page\'s first line as evidence', () => {
    const waf = foreignResponse(403, '<!DOCTYPE html>\n<html><head><title>Access denied | Corp WAF</title></head><body>blocked</body></html>', 'GET /api/v1/user');
    const v = judgeIdentity(identityAnswer(waf, waf), facts());
    expect(v).toMatchObject({ status: 'inconclusive', class: 'unexpected-response', evidence: { httpStatus: 403, body: 'Access denied | Corp WAF' } });
  });
  it('no forge API at url (landmark and /user both 404 or not JSON): asks whether url is the base URL', () => {
    const notFound = foreignResponse(404, '404 page not found\n', 'GET /api/v1/user', 'text/plain');
    const landmark = foreignResponse(404, '404 page not found\n', 'GET /api/v1/version', 'text/plain');
    const v = judgeIdentity({ ...identityAnswer(notFound, notFound), landmark }, facts());
    expect(v).toMatchObject({ status: 'inconclusive', class: 'unexpected-response' });
    expect(v.summary).toContain("Is `url` the forge's base URL?");
    expect(v.remedy).not.toMatch(/removed|revoked|rotat/i);
  });
  it('a forge that answers its landmark is not "no API": a foreign /user is still just unexpected', () => {
    const v = judgeIdentity({ ...identityAnswer(foreignResponse(404, 'x', 'GET /api/v1/user'), anon), landmark: response(200, { version: '1.26.0' }, 'GET /api/v1/version') }, facts());
    expect(v).toMatchObject({ status: 'inconclusive', class: 'unexpected-response' });
    expect(v.summary).not.toContain('base URL');
  });
  it('a pass over cleartext HTTP to another host is a cleartext warn that says what is really used; loopback and HTTPS are not', () => {
    const pass = judgeIdentity(identityAnswer(user('devops-bot'), anon), facts());
    const over = (url: string) => withTransportWarning(pass, { ...facts(), forge: { type: 'gitea', url } });
    expect(over('http://git.example.com')).toMatchObject({ status: 'warn', class: 'cleartext', evidence: { transport: 'http', host: 'git.example.com' } });
    expect(over('http://git.example.com').summary).toMatch(/over cleartext HTTP/);
    expect(over('https://git.example.com')).toBe(pass);
    expect(over('http://127.0.0.1:3000')).toBe(pass);
    const fail = judgeIdentity(identityAnswer(user('mirror-bot'), anon), facts());
    expect(withTransportWarning(fail, { ...facts(), forge: { type: 'gitea', url: 'http://git.example.com' } })).toBe(fail);
  });
});

describe('identity on tokens that name no user', () => {
  it('a working App installation token warns persona-unverified and still proves the presentation; its control must fail definitively', () => {
    const notUser = response(403, { message: 'Resource not accessible by integration' }, 'GET /api/v3/user');
    const inst = { authed: response(200, { total_count: 2, repositories: [] }, 'GET /api/v3/installation/repositories'), control: anon, repositories: 2 };
    const answer = { ...identityAnswer(notUser, anon), installation: inst, tokenKind: 'App installation token', authed: { ...identityAnswer(notUser, anon).authed, refusal: { kind: 'not-a-user' as const, text: 'x' } } };
    const v = judgeIdentity(answer, facts());
    expect(v).toMatchObject({ status: 'warn', class: 'persona-unverified' });
    expect(provesIdentity(v)).toBe(true);
    const open = judgeIdentity({ ...answer, installation: { ...inst, control: inst.authed } }, facts());
    expect(open).toMatchObject({ status: 'inconclusive', class: 'non-discriminating' });
    expect(provesIdentity(open)).toBe(false);
  });
});
