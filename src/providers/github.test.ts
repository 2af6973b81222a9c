import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startGitHubSim, type GitHubSim } from '../sim/github/index.js';
import { testHttpClient } from '../testing/http.js';
import { GITHUB_READER, GitHubApi, githubBases, githubTokenKind, parseGitHubExpiry } from './github.js';
import { ANONYMOUS, type ScopeQuestion } from './types.js';

// The GitHub provider against the simulator's GitHub mode: each question, read from GitHub's answers.

let s: GitHubSim;
let api: GitHubApi;
const t: Record<string, string> = {};

beforeAll(async () => {
  s = await startGitHubSim();
  s.addUser('ci-bot');
  s.addUser('admin-bot');
  s.addOrg('acme', { owners: ['admin-bot'] });
  s.addRepo({ owner: 'acme', name: 'core', private: true, branches: ['staging', 'locked'], files: { 'a.txt': 'hello\n' } });
  s.addRepo({ owner: 'acme', name: 'site' });
  s.setCollaborator('acme/core', 'ci-bot', 'push');
  s.protectBranch('acme/core', 'main', { restrictUsers: ['admin-bot'] });
  s.protectBranch('acme/core', 'locked', { requireReviews: true, enforceAdmins: true });
  t.classic = s.addClassicToken('ci-bot', { scopes: ['repo', 'read:org'], expiresAt: new Date('2031-05-06T07:08:09Z') });
  t.offset = s.addClassicToken('ci-bot', { scopes: ['repo'], expiresAt: new Date('2031-05-06T07:08:09Z'), expiryFormat: 'offset' });
  t.fine = s.addFineGrainedToken('ci-bot', { permissions: { contents: 'read' }, repositories: ['acme/core'] });
  t.fineNone = s.addFineGrainedToken('ci-bot', { permissions: {}, repositories: ['acme/core'] });
  t.app = s.addInstallationToken({ appSlug: 'deployer', permissions: { contents: 'write' }, repositories: ['acme/core', 'acme/site'] });
  t.admin = s.addClassicToken('admin-bot', { scopes: ['repo'] });
  t.revoked = s.addClassicToken('ci-bot', { scopes: ['repo'] });
  s.revokeToken(t.revoked);
  api = new GitHubApi({ type: 'github', url: s.url }, testHttpClient());
});
afterAll(() => s.stop());

const question = (token: string, required: string[], authenticated = true): ScopeQuestion => ({
  token, login: 'ci-bot', required, repos: [{ repo: 'acme/core', access: 'push' }], probeWrites: false, authenticated, password: undefined, readSecret: async () => null,
});

test('base URLs: Enterprise Server under /api/v3, github.com on api.github.com', () => {
  expect(githubBases('https://ghe.example.com/')).toEqual({ api: 'https://ghe.example.com/api/v3', web: 'https://ghe.example.com' });
  expect(githubBases('https://ghe.example.com/api/v3')).toEqual({ api: 'https://ghe.example.com/api/v3', web: 'https://ghe.example.com' });
  expect(githubBases('https://github.com')).toEqual({ api: 'https://api.github.com', web: 'https://github.com' });
  expect(api.gitRemote('acme/core')).toEqual({ url: `${s.url}/acme/core.git`, username: 'x-access-token' });
});

test('expiry header formats and token prefixes', () => {
  expect(parseGitHubExpiry('2023-04-26 20:23:26 +0200')?.toISOString()).toBe('2023-04-26T18:23:26.000Z');
  expect(parseGitHubExpiry('2023-04-26 20:23:26 UTC')?.toISOString()).toBe('2023-04-26T20:23:26.000Z');
  expect(parseGitHubExpiry('next tuesday')).toBeNull();
  expect(githubTokenKind('github_pat_x')).toBe('fine-grained PAT');
  expect(githubTokenKind('something')).toBeNull();
});

describe('identity', () => {
  test('a classic PAT: login, and the anonymous control refused', async () => {
    const a = await api.identity(t.classic!);
    expect(a.authed.login).toBe('ci-bot');
    expect(a.authed.request).toBe('GET /api/v3/user');
    expect(a.control.refusal?.kind).toBe('bad-credentials');
    expect(a.tokenKind).toBe('classic PAT');
  });
  test('an installation token: not a user, proven by /installation/repositories', async () => {
    const a = await api.identity(t.app!);
    expect(a.authed.refusal?.kind).toBe('not-a-user');
    expect(a.installation?.repositories).toBe(2);
    expect(a.tokenKind).toBe('App installation token');
  });
  test('a revoked token: bad credentials', async () => {
    expect((await api.identity(t.revoked!)).authed.refusal?.kind).toBe('bad-credentials');
  });
});

describe('scopes', () => {
  test('classic: the exact X-OAuth-Scopes list', async () => {
    const a = await api.scopes(question(t.classic!, ['repo']));
    expect(a.granted).toEqual(['repo', 'read:org']);
    expect(a.method).toMatch(/X-OAuth-Scopes/);
  });
  test('fine-grained: permissions probed, denial read from X-Accepted-GitHub-Permissions', async () => {
    const ok = await api.scopes(question(t.fine!, ['contents=read', 'metadata=read', 'issues=write']));
    expect(ok.granted).toBeNull();
    expect(ok.probed).toEqual({ 'contents=read': 'granted', 'metadata=read': 'granted', 'issues=write': 'unknown' });
    const denied = await api.scopes(question(t.fineNone!, ['contents=read'], false));
    expect(denied.probed).toEqual({ 'contents=read': 'denied' });
    expect(denied.proven).toBe(true);
  });
});

describe('repositories and branches', () => {
  test('permissions for the token; anonymous on a public repo can pull, on a private one gets 404', async () => {
    expect((await api.repository({ kind: 'token', token: t.classic! }, 'acme/core')).permissions).toEqual({ admin: false, push: true, pull: true });
    expect((await api.repository(ANONYMOUS, 'acme/site')).permissions).toEqual({ admin: false, push: false, pull: true });
    const hidden = await api.repository(ANONYMOUS, 'acme/core');
    expect(hidden.permissions).toBeNull();
    expect(hidden.outcome.kind === 'response' && hidden.outcome.status).toBe(404);
  });
  test('push: unprotected yes; restricted protection unreadable to a non-admin: unknown; admin reads the rule', async () => {
    const me = { kind: 'token', token: t.classic! } as const;
    expect((await api.branch(me, 'acme/core', 'staging', 'ci-bot')).canPush).toBe(true);
    const restricted = await api.branch(me, 'acme/core', 'main', 'ci-bot');
    expect(restricted.canPush).toBeNull();
    expect(restricted.unknownWhy).toMatch(/administrators only/);
    const admin = { kind: 'token', token: t.admin! } as const;
    expect((await api.branch(admin, 'acme/core', 'main', 'admin-bot')).canPush).toBe(true);
    expect((await api.branch(admin, 'acme/core', 'locked', 'admin-bot')).canPush).toBe(false);
    expect((await api.branch(ANONYMOUS, 'acme/site', 'main', null)).canPush).toBe(false);
  });
  test('raw file bytes', async () => {
    const f = await api.rawFile({ kind: 'token', token: t.classic! }, 'acme/core', 'a.txt', 'main');
    expect(f.outcome.kind === 'response' && f.outcome.body).toBe('hello\n');
  });
});

describe('expiry and rate limits', () => {
  test('the expiry header in both formats; no header: no expiry', async () => {
    expect(await api.expiry(t.classic!)).toMatchObject({ kind: 'at', at: '2031-05-06T07:08:09.000Z' });
    expect(await api.expiry(t.offset!)).toMatchObject({ kind: 'at', at: '2031-05-06T07:08:09.000Z' });
    expect((await api.expiry(t.admin!)).kind).toBe('never');
  });
  test('a 403 with remaining 0 is a rate limit, not a refusal of the token', async () => {
    const tok = s.addClassicToken('ci-bot', { scopes: ['repo'] });
    s.exhaustRateLimit(tok, 403);
    const a = await api.identity(tok);
    expect(a.authed.refusal).toMatchObject({ kind: 'rate-limited' });
    expect(a.authed.refusal?.kind === 'rate-limited' && a.authed.refusal.resetAt).toMatch(/^\d{4}-/);
    s.secondaryRateLimit({ times: 2, retryAfter: 30 });
    const b = await api.identity(t.classic!);
    expect(b.authed.refusal).toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 30 });
  });
});

test('X-Accepted-GitHub-Permissions: `,` joins what is needed together, `;` separates alternatives', () => {
  const res = { kind: 'response' as const, status: 403, headers: new Headers({ 'x-accepted-github-permissions': 'pull_requests=write,contents=read; issues=write' }), body: '', bytes: Buffer.alloc(0), attempts: 1 };
  expect(GITHUB_READER.refusalOf(res, {}, 'Resource not accessible by personal access token')).toMatchObject({
    kind: 'scope-missing',
    required: ['pull_requests=write and contents=read', 'issues=write'],
  });
});
