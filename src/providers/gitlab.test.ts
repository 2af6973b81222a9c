import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGitLabSim, type GitLabSim } from '../sim/gitlab/index.js';
import { testHttpClient } from '../testing/http.js';
import { GitLabApi } from './gitlab.js';
import { ANONYMOUS } from './types.js';

// The GitLab provider against the simulator's GitLab mode.

let s: GitLabSim;
let api: GitLabApi;
const t: Record<string, string> = {};
let bot = '';

beforeAll(async () => {
  s = await startGitLabSim();
  s.addUser('ci-bot');
  s.addGroup('acme');
  s.addProject({ namespace: 'acme', name: 'core', branches: ['staging'], files: { 'dir/a.txt': 'hello\n' } });
  s.addProject({ namespace: 'acme', name: 'site', visibility: 'public' });
  s.addMember('acme/core', 'ci-bot', 30);
  s.protectBranch('acme/core', 'main', { pushAccessLevel: 40 });
  t.pat = s.addPersonalToken('ci-bot', { scopes: ['read_api', 'write_repository'], expiresAt: '2031-02-03' });
  t.forever = s.addPersonalToken('ci-bot', { scopes: ['read_user'] });
  t.expired = s.addPersonalToken('ci-bot', { scopes: ['api'], expiresAt: '2021-01-01' });
  t.revoked = s.addPersonalToken('ci-bot', { scopes: ['api'] });
  s.revokeToken(t.revoked);
  const p = s.addProjectToken('acme/core', { scopes: ['api'], accessLevel: 40 });
  t.project = p.token;
  bot = p.bot;
  api = new GitLabApi({ type: 'gitlab', url: `${s.url}/` }, testHttpClient());
});
afterAll(() => s.stop());

describe('identity', () => {
  test('a personal token: username; the anonymous control 401', async () => {
    const a = await api.identity(t.pat!);
    expect(a.authed.login).toBe('ci-bot');
    expect(a.authed.request).toBe('GET /api/v4/user');
    expect(a.tokenKind).toBe('personal access token');
    expect(a.control.refusal?.kind).toBe('bad-credentials');
  });
  test('a project token is its bot user', async () => {
    const a = await api.identity(t.project!);
    expect(a.authed.login).toBe(bot);
    expect(a.tokenKind).toBe('project access token');
  });
  test('expired and revoked are told apart', async () => {
    expect((await api.identity(t.expired!)).authed.refusal?.kind).toBe('expired');
    expect((await api.identity(t.revoked!)).authed.refusal?.kind).toBe('bad-credentials');
  });
});

test('scopes: exact, from /personal_access_tokens/self', async () => {
  const a = await api.scopes({ token: t.pat!, login: 'ci-bot', required: ['read_api'], repos: [], probeWrites: false, authenticated: true, password: undefined, readSecret: async () => null });
  expect(a.granted).toEqual(['read_api', 'write_repository']);
  expect(a.method).toBe('GET /api/v4/personal_access_tokens/self');
});

test('a missing scope reads as scope-missing with the scopes that would do', async () => {
  const r = await api.repository({ kind: 'token', token: t.forever! }, 'acme/core');
  expect(r.refusal).toMatchObject({ kind: 'scope-missing', required: ['api', 'read_api'] });
});

describe('projects, branches, files', () => {
  test('permissions from access levels; anonymous on a public project may pull', async () => {
    expect((await api.repository({ kind: 'token', token: t.pat! }, 'acme/core')).permissions).toEqual({ admin: false, push: true, pull: true });
    expect((await api.repository({ kind: 'token', token: t.project! }, 'acme/core')).permissions).toEqual({ admin: true, push: true, pull: true });
    expect((await api.repository(ANONYMOUS, 'acme/site')).permissions).toEqual({ admin: false, push: false, pull: true });
    expect((await api.repository(ANONYMOUS, 'acme/core')).permissions).toBeNull();
  });
  test('can_push follows protected branches', async () => {
    const me = { kind: 'token', token: t.pat! } as const;
    expect(await api.branch(me, 'acme/core', 'main')).toMatchObject({ canPush: false, protected: true });
    expect(await api.branch(me, 'acme/core', 'staging')).toMatchObject({ canPush: true, protected: false });
  });
  test('raw file in a folder, at a ref and at the default branch', async () => {
    for (const ref of ['main', undefined]) {
      const f = await api.rawFile({ kind: 'token', token: t.pat! }, 'acme/core', 'dir/a.txt', ref);
      expect(f.outcome.kind === 'response' && f.outcome.body).toBe('hello\n');
    }
  });
  test('git remote with oauth2', () => {
    expect(api.gitRemote('acme/core')).toEqual({ url: `${s.url}/acme/core.git`, username: 'oauth2' });
  });
});

test('expiry: expires_at as 00:00 UTC of that day; null: none', async () => {
  expect(await api.expiry(t.pat!)).toMatchObject({ kind: 'at', at: '2031-02-03T00:00:00.000Z' });
  expect((await api.expiry(t.forever!)).kind).toBe('never');
});
