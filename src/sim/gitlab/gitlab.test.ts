import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { basicHeader, runGit } from '../git-cli.js';
import { startGitLabSim, type GitLabSim } from './index.js';

// github-gitlab-ci-facts.md §7 against the GitLab mode, each fact the GitLab provider relies on.

let s: GitLabSim;
let work: string;
const t: Record<string, string> = {};
let bot = '';

beforeAll(async () => {
  s = await startGitLabSim();
  s.addUser('ci-bot');
  s.addUser('reader');
  s.addGroup('acme');
  s.addProject({ namespace: 'acme', name: 'core', branches: ['staging'], files: { 'a.txt': 'hello\n' } });
  s.addProject({ namespace: 'acme', name: 'site', visibility: 'public' });
  s.addMember('acme/core', 'ci-bot', 30);
  s.addMember('acme/core', 'reader', 20);
  s.protectBranch('acme/core', 'main', { pushAccessLevel: 40 });
  t.pat = s.addPersonalToken('ci-bot', { scopes: ['api', 'write_repository'], expiresAt: '2099-01-31', name: 'ci' });
  t.readUser = s.addPersonalToken('ci-bot', { scopes: ['read_user'] });
  t.readRepo = s.addPersonalToken('ci-bot', { scopes: ['read_api', 'read_repository'] });
  t.reader = s.addPersonalToken('reader', { scopes: ['api'] });
  t.expired = s.addPersonalToken('ci-bot', { scopes: ['api'], expiresAt: '2020-01-01' });
  t.revoked = s.addPersonalToken('ci-bot', { scopes: ['api'] });
  s.revokeToken(t.revoked);
  const proj = s.addProjectToken('acme/core', { scopes: ['api', 'write_repository'], accessLevel: 40 });
  t.project = proj.token;
  bot = proj.bot;
  work = mkdtempSync(join(tmpdir(), 'sim-gl-client-'));
  expect((await runGit(['init', '-q', work])).code).toBe(0);
  expect((await runGit(['-C', work, 'commit', '-q', '--allow-empty', '-m', 'probe'])).code).toBe(0);
});
afterAll(async () => {
  await s.stop();
  rmSync(work, { recursive: true, force: true });
});

const get = (path: string, token?: string, how: 'private' | 'bearer' = 'private') =>
  fetch(`${s.apiUrl}${path}`, { headers: token ? (how === 'private' ? { 'PRIVATE-TOKEN': token } : { Authorization: `Bearer ${token}` }) : {} });

describe('token introspection (§7)', () => {
  test('/personal_access_tokens/self: scopes, expires_at, active, revoked — for any scope', async () => {
    const r = await get('/personal_access_tokens/self', t.readUser);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ scopes: ['read_user'], active: true, revoked: false, expires_at: null });
    const full = (await (await get('/personal_access_tokens/self', t.pat, 'bearer')).json()) as Record<string, unknown>;
    expect(Object.keys(full).sort()).toEqual(['active', 'created_at', 'description', 'expires_at', 'id', 'last_used_at', 'name', 'revoked', 'scopes', 'user_id']);
    expect(full.expires_at).toBe('2099-01-31');
  });
  test('/user answers with read_user; a project token is its bot user', async () => {
    expect(((await (await get('/user', t.readUser)).json()) as { username: string }).username).toBe('ci-bot');
    const u = (await (await get('/user', t.project)).json()) as { username: string; bot: boolean };
    expect(u.username).toBe(bot);
    expect(u.username).toMatch(/^project_\d+_bot_[0-9a-f]+$/);
    expect(u.bot).toBe(true);
  });
  test('401 bodies: unknown, revoked and expired tokens each in their own shape; anonymous /user 401', async () => {
    expect(await (await get('/user', 'glpat-notatokenatall0000')).json()).toEqual({ message: '401 Unauthorized' });
    expect(await (await get('/user', t.revoked)).json()).toMatchObject({ error: 'invalid_token', error_description: expect.stringMatching(/revoked/) });
    const exp = await get('/user', t.expired);
    expect(exp.status).toBe(401);
    expect(await exp.json()).toMatchObject({ error: 'invalid_token', error_description: expect.stringMatching(/expired/) });
    expect((await get('/user')).status).toBe(401);
  });
  test('a missing scope is 403 insufficient_scope naming the scopes that would do', async () => {
    const r = await get('/projects/acme%2Fcore', t.readUser);
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ error: 'insufficient_scope', scope: 'api read_api' });
  });
  test('429 with Retry-After when rate limited', async () => {
    s.rateLimit({ times: 1, retryAfter: 3 });
    const r = await get('/user', t.pat);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('3');
    expect((await get('/user', t.pat)).status).toBe(200);
  });
});

describe('projects, permissions and protected branches', () => {
  test('permissions.project_access.access_level; private projects 404 to anonymous', async () => {
    const p = (await (await get('/projects/acme%2Fcore', t.pat)).json()) as { permissions: { project_access: { access_level: number } } };
    expect(p.permissions.project_access.access_level).toBe(30);
    expect((await get('/projects/acme%2Fcore')).status).toBe(404);
    expect(((await (await get('/projects/acme%2Fsite')).json()) as { permissions?: unknown }).permissions).toBeUndefined();
  });
  test('branch can_push follows protection: developer refused on main (maintainers only), allowed on staging', async () => {
    const main = (await (await get('/projects/acme%2Fcore/repository/branches/main', t.pat)).json()) as { can_push: boolean; protected: boolean };
    expect(main).toMatchObject({ can_push: false, protected: true });
    const staging = (await (await get('/projects/acme%2Fcore/repository/branches/staging', t.pat)).json()) as { can_push: boolean };
    expect(staging.can_push).toBe(true);
    const asBot = (await (await get('/projects/acme%2Fcore/repository/branches/main', t.project)).json()) as { can_push: boolean };
    expect(asBot.can_push).toBe(true);
  });
  test('raw files', async () => {
    const r = await get('/projects/acme%2Fcore/repository/files/a.txt/raw?ref=main', t.pat);
    expect(await r.text()).toBe('hello\n');
  });
});

describe('git over HTTPS with oauth2: Basic', () => {
  const push = (repo: string, auth?: string) =>
    runGit(['-C', work, 'push', '--dry-run', '--porcelain', `${s.url}/${repo}.git`, 'HEAD:refs/heads/probe'], auth ? { authorization: auth } : {});
  test('a write-scoped token of a developer authenticates a push; so does a project token', async () => {
    expect((await push('acme/core', basicHeader('oauth2', t.pat!))).code).toBe(0);
    expect((await push('acme/core', basicHeader('oauth2', t.project!))).code).toBe(0);
  });
  test('read_repository only, or a reporter: 403; no repository scope or revoked: 401; anonymous: 401', async () => {
    expect((await push('acme/core', basicHeader('oauth2', t.readRepo!))).stderr).toMatch(/403/);
    expect((await push('acme/core', basicHeader('oauth2', t.reader!))).stderr).toMatch(/403/);
    for (const tok of [t.readUser!, t.revoked!]) expect((await push('acme/core', basicHeader('oauth2', tok))).stderr).toMatch(/Authentication failed|could not read Username/);
    expect((await push('acme/site')).stderr).toMatch(/could not read Username|Authentication failed/);
  });
});
