import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { basicHeader, runGit } from '../git-cli.js';
import { expiryHeader, startGitHubSim, type GitHubSim } from './index.js';

// github-gitlab-ci-facts.md §1–§3 and §6 against the GitHub mode, each fact the providers rely on.

let s: GitHubSim;
let work: string;
const t: Record<string, string> = {};

beforeAll(async () => {
  s = await startGitHubSim();
  s.addUser('ci-bot');
  s.addUser('reader');
  s.addUser('admin-bot');
  s.addOrg('acme', { owners: ['admin-bot'] });
  s.addRepo({ owner: 'acme', name: 'core', private: true, branches: ['staging'], files: { 'a.txt': 'hello\n' } });
  s.addRepo({ owner: 'acme', name: 'site' });
  s.setCollaborator('acme/core', 'ci-bot', 'push');
  s.setCollaborator('acme/core', 'reader', 'pull');
  s.protectBranch('acme/core', 'main', { restrictUsers: ['admin-bot'] });
  t.classic = s.addClassicToken('ci-bot', { scopes: ['repo', 'user:email', 'user'] });
  t.narrow = s.addClassicToken('ci-bot', { scopes: ['read:user'] });
  t.expiring = s.addClassicToken('ci-bot', { scopes: ['repo'], expiresAt: new Date('2030-01-02T03:04:05Z'), expiryFormat: 'offset' });
  t.expired = s.addClassicToken('ci-bot', { scopes: ['repo'], expiresAt: new Date(Date.now() - 1000) });
  t.fine = s.addFineGrainedToken('ci-bot', { permissions: { contents: 'write' }, repositories: ['acme/core'] });
  t.fineMeta = s.addFineGrainedToken('ci-bot', { permissions: {}, repositories: ['acme/core'] });
  t.fineOther = s.addFineGrainedToken('ci-bot', { permissions: { contents: 'write' }, repositories: ['acme/site'] });
  t.app = s.addInstallationToken({ appSlug: 'deployer', permissions: { contents: 'write' }, repositories: ['acme/core'] });
  t.readerTok = s.addClassicToken('reader', { scopes: ['repo'] });
  t.admin = s.addClassicToken('admin-bot', { scopes: ['repo'] });
  t.revoked = s.addClassicToken('ci-bot', { scopes: ['repo'] });
  s.revokeToken(t.revoked);
  work = mkdtempSync(join(tmpdir(), 'sim-gh-client-'));
  expect((await runGit(['init', '-q', work])).code).toBe(0);
  expect((await runGit(['-C', work, 'commit', '-q', '--allow-empty', '-m', 'probe'])).code).toBe(0);
});
afterAll(async () => {
  await s.stop();
  rmSync(work, { recursive: true, force: true });
});

const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${s.apiUrl}${path}`, { headers: { ...(token ? { Authorization: `token ${token}` } : {}), 'User-Agent': 'test', ...headers } });

describe('token introspection (§1)', () => {
  test('classic PAT: /user answers, X-OAuth-Scopes holds the normalised scopes', async () => {
    const r = await get('/user', t.classic);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { login: string }).login).toBe('ci-bot');
    expect(r.headers.get('x-oauth-scopes')).toBe('repo, user');
    expect(r.headers.get('x-accepted-oauth-scopes')).toBe('');
    expect(r.headers.get('github-authentication-token-expiration')).toBeNull();
  });
  test('Bearer works like token', async () => {
    const r = await fetch(`${s.apiUrl}/user`, { headers: { Authorization: `Bearer ${t.classic}` } });
    expect(r.status).toBe(200);
  });
  test('fine-grained PAT: no scope header at all', async () => {
    const r = await get('/user', t.fine);
    expect(r.status).toBe(200);
    expect(r.headers.has('x-oauth-scopes')).toBe(false);
  });
  test('installation token: /user is 403 "Resource not accessible by integration", /installation/repositories lists', async () => {
    const r = await get('/user', t.app);
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ message: 'Resource not accessible by integration', status: '403' });
    const list = await get('/installation/repositories', t.app);
    expect(list.status).toBe(200);
    const body = (await list.json()) as { total_count: number; repositories: Array<{ full_name: string }>; repository_selection: string };
    expect(body.total_count).toBe(1);
    expect(body.repositories[0]!.full_name).toBe('acme/core');
    expect(body.repository_selection).toBe('selected');
    expect((await get('/installation/repositories', t.classic)).status).toBe(403);
  });
  test('bad, revoked and expired tokens: 401 Bad credentials, even on public resources (no anonymous fallback)', async () => {
    for (const tok of ['ghp_notatoken000000000000000000000000000', t.revoked!, t.expired!]) {
      const r = await get('/repos/acme/site', tok);
      expect(r.status).toBe(401);
      expect(await r.json()).toEqual({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    }
  });
  test('anonymous /user: 401 Requires authentication', async () => {
    const r = await get('/user');
    expect(r.status).toBe(401);
    expect(((await r.json()) as { message: string }).message).toBe('Requires authentication');
  });
  test('expiry header in both formats', async () => {
    const r = await get('/user', t.expiring);
    expect(r.headers.get('github-authentication-token-expiration')).toBe('2030-01-02 05:04:05 +0200');
    expect(expiryHeader(new Date('2030-01-02T03:04:05Z'), 'utc')).toBe('2030-01-02 03:04:05 UTC');
  });
});

describe('repositories (§1, §2)', () => {
  test('permissions are the user role; private repos are 404 to anonymous and to tokens without access', async () => {
    const r = await get('/repos/acme/core', t.classic);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { permissions: unknown }).permissions).toEqual({ admin: false, maintain: false, push: true, triage: true, pull: true });
    expect((await get('/repos/acme/core')).status).toBe(404);
    expect((await get('/repos/acme/core', t.narrow)).status).toBe(404);
    expect((await get('/repos/acme/core', t.fineOther)).status).toBe(404);
    const pub = await get('/repos/acme/site');
    expect(pub.status).toBe(200);
    expect(((await pub.json()) as { permissions?: unknown }).permissions).toBeUndefined();
  });
  test('fine-grained without a permission: 403 naming it in X-Accepted-GitHub-Permissions', async () => {
    const r = await get('/repos/acme/core/branches/main', t.fineMeta);
    expect(r.status).toBe(403);
    expect(r.headers.get('x-accepted-github-permissions')).toBe('contents=read');
    expect(((await r.json()) as { message: string }).message).toBe('Resource not accessible by personal access token');
    expect((await get('/repos/acme/core', t.fineMeta)).status).toBe(200);
  });
  test('branch protection: flag for readers, rules for admins only', async () => {
    const b = (await (await get('/repos/acme/core/branches/main', t.classic)).json()) as { protected: boolean };
    expect(b.protected).toBe(true);
    expect((await get('/repos/acme/core/branches/main/protection', t.classic)).status).toBe(404);
    const p = await get('/repos/acme/core/branches/main/protection', t.admin);
    expect(p.status).toBe(200);
    expect(((await p.json()) as { restrictions: { users: Array<{ login: string }> } }).restrictions.users.map((u) => u.login)).toEqual(['admin-bot']);
    expect((await get('/repos/acme/core/branches/staging/protection', t.admin)).status).toBe(404);
  });
  test('raw contents with the raw media type', async () => {
    const r = await get('/repos/acme/core/contents/a.txt?ref=main', t.classic, { Accept: 'application/vnd.github.raw+json' });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe('hello\n');
  });
});

describe('rate limits (§1)', () => {
  test('x-ratelimit-* on every answer; a used-up primary limit answers 403 (or 429) with remaining 0', async () => {
    const tok = s.addClassicToken('reader', { scopes: [] });
    const ok = await get('/user', tok);
    expect(ok.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(ok.headers.get('x-ratelimit-remaining')).toBe('4999');
    s.exhaustRateLimit(tok, 403);
    const r = await get('/user', tok);
    expect(r.status).toBe(403);
    expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(((await r.json()) as { message: string }).message).toMatch(/^API rate limit exceeded/);
    expect((await get('/rate_limit', tok)).status).toBe(200);
    s.exhaustRateLimit(tok, 429);
    expect((await get('/user', tok)).status).toBe(429);
  });
  test('secondary limit: 403 with Retry-After while requests remain', async () => {
    s.secondaryRateLimit({ times: 1, retryAfter: 7 });
    const r = await get('/user', t.classic);
    expect(r.status).toBe(403);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(Number(r.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
    expect(((await r.json()) as { message: string }).message).toMatch(/secondary rate limit/);
    expect((await get('/user', t.classic)).status).toBe(200);
  });
});

describe('git over HTTPS (§3, §6)', () => {
  const push = (repo: string, auth?: string) =>
    runGit(['-C', work, 'push', '--dry-run', '--porcelain', `${s.url}/${repo}.git`, 'HEAD:refs/heads/probe'], auth ? { authorization: auth } : {});
  test('x-access-token basic with a PAT, an installation token or a fine-grained token authenticates a push', async () => {
    for (const tok of [t.classic!, t.app!, t.fine!]) {
      const r = await push('acme/core', basicHeader('x-access-token', tok));
      expect(`${tok.slice(0, 4)} ${r.code}`).toBe(`${tok.slice(0, 4)} 0`);
    }
  });
  test('anonymous push and a bad token are refused with 401', async () => {
    expect((await push('acme/site')).stderr).toMatch(/Authentication failed|could not read Username|terminal prompts disabled/);
    const bad = await push('acme/site', basicHeader('x-access-token', t.revoked!));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/Authentication failed|could not read Username/);
  });
  test('a reader token is refused with 403; anonymous clone of a public repo works, junk token in the URL is never sent', async () => {
    const r = await push('acme/core', basicHeader('x-access-token', t.readerTok!));
    expect(r.stderr).toMatch(/403/);
    const ls = await runGit(['ls-remote', `${s.url.replace('://', `://x-access-token:${t.revoked}@`)}/acme/site.git`]);
    expect(ls.code).toBe(0);
  });
});

test('SAML SSO: a classic PAT not authorised for the org gets 403 with X-GitHub-SSO on its repositories (§1)', async () => {
  s.addOrg('sso-org', { sso: true });
  s.addRepo({ owner: 'sso-org', name: 'app', private: true });
  s.setCollaborator('sso-org/app', 'ci-bot', 'push');
  const plain = s.addClassicToken('ci-bot', { scopes: ['repo'] });
  const authorised = s.addClassicToken('ci-bot', { scopes: ['repo'], ssoAuthorized: ['sso-org'] });
  const r = await get('/repos/sso-org/app', plain);
  expect(r.status).toBe(403);
  expect(r.headers.get('x-github-sso')).toMatch(/^required; url=/);
  expect((await get('/repos/sso-org/app', authorised)).status).toBe(200);
  expect((await get('/user', plain)).status).toBe(200);
});
