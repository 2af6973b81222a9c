import { describe, expect, it } from 'vitest';
import { giteaScopeAnswer, type GiteaScopeCalls } from '../providers/gitea-scopes.js';
import { facts, foreignResponse, response, transient } from '../testing/fake-calls.js';
import type { JudgeFacts } from './types.js';
import { judgeScopes } from './scopes.js';

// The Gitea provider's scope answer (token list, echoed scope string, guarded requests) judged by the
// forge-neutral scopes judge.

const proven = { authenticated: true, login: 'devops-bot', forgeAnswered: true };
const scope403 = (required: string, tokenScope?: string) =>
  response(403, {
    message: tokenScope
      ? `token does not have at least one of required scope(s), required=[${required}], token scope=${tokenScope}`
      : `token does not have at least one of required scope(s): [${required}]`,
  });
const notFound = response(404, { message: 'not found' });
const ok = response(200, []);
type Obs = Partial<GiteaScopeCalls> & { identity?: typeof proven | null };
const obs = (o: Obs): Obs => o;
function judge(o: Obs, f: JudgeFacts) {
  const calls: GiteaScopeCalls = { tokenList: o.tokenList ?? null, reads: o.reads ?? {}, writes: o.writes ?? {} };
  const identity = o.identity === undefined ? proven : o.identity;
  return judgeScopes(giteaScopeAnswer(calls, f.spec.scopes, identity?.authenticated === true, f.persona.name), f);
}

describe('scopes judge', () => {
  it('exact: the token list match decides', () => {
    const list = { call: ok, matched: ['write:repository', 'read:user'], ambiguous: false };
    expect(judge(obs({ tokenList: list }), facts())).toMatchObject({ status: 'pass' });
    const narrow = { call: ok, matched: ['read:repository', 'read:user'], ambiguous: false };
    expect(judge(obs({ tokenList: narrow }), facts())).toMatchObject({ status: 'fail', class: 'scope-missing' });
    const broad = { call: ok, matched: ['all'], ambiguous: false };
    expect(judge(obs({ tokenList: broad }), facts())).toMatchObject({ status: 'warn', class: 'scope-excess' });
  });
  it('exact: Gitea 1.23+ echoes the full scope string in any scope 403', () => {
    const v = judge(obs({ reads: { organization: scope403('read:organization', 'read:repository,read:user') } }), facts());
    expect(v).toMatchObject({ status: 'fail', class: 'scope-missing' });
    expect(v.evidence['missing']).toEqual(['write:repository']);
  });
  it('guarded reads: a missing read scope fails', () => {
    const v = judge(obs({ reads: { repository: scope403('read:repository'), organization: scope403('read:organization') } }), facts());
    expect(v).toMatchObject({ status: 'fail', class: 'scope-missing' });
  });
  it('guarded reads: writes stay unverified (warn) without opt-in', () => {
    const v = judge(obs({ reads: { repository: notFound, organization: scope403('read:organization') } }), facts());
    expect(v).toMatchObject({ status: 'warn', class: 'scope-unverified' });
  });
  it('rejected-write probes verify writes when opted in', () => {
    const writes = { repository: notFound };
    expect(judge(obs({ reads: { repository: notFound, organization: scope403('read:organization') }, writes }), facts({ probeWrites: true }))).toMatchObject({ status: 'pass' });
    const denied = { repository: scope403('write:repository') };
    expect(judge(obs({ reads: { repository: notFound }, writes: denied }), facts({ probeWrites: true }))).toMatchObject({ status: 'fail', class: 'scope-missing' });
  });
  it('guarded reads: extra categories readable → scope-excess', () => {
    const v = judge(obs({ reads: { repository: notFound, organization: notFound }, writes: { repository: notFound } }), facts({ probeWrites: true }));
    expect(v).toMatchObject({ status: 'warn', class: 'scope-excess' });
  });
  it('anonymous control: without a proven token, 404s on missing things prove nothing', () => {
    const v = judge(obs({ identity: null, reads: { repository: notFound } }), facts({ scopes: ['read:repository'] }));
    expect(v).toMatchObject({ status: 'inconclusive', class: 'non-discriminating' });
  });
  it('a proxy\'s HTML 405 or 404 is not past the scope check: the write stays unverified', () => {
    for (const page of [foreignResponse(405, '<html><title>405 Not Allowed</title></html>'), foreignResponse(404, '404 page not found', 'PATCH /x', 'text/plain'), response(405, { message: 'Method Not Allowed' }, 'PATCH /x', {}, true)]) {
      const v = judge(obs({ reads: { repository: notFound }, writes: { repository: page } }), facts({ probeWrites: true }));
      expect(v).toMatchObject({ status: 'warn', class: 'scope-unverified' });
    }
    const own = judge(obs({ reads: { repository: notFound }, writes: { repository: notFound } }), facts({ probeWrites: true }));
    expect(own.status).toBe('pass');
  });
  it('transient on a needed category → inconclusive', () => {
    expect(judge(obs({ reads: { repository: transient('timeout') } }), facts()).status).toBe('inconclusive');
  });
});
