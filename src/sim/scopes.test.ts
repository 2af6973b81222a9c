import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startForgeSim, type ForgeSim } from './index.js';
import { hasScopes, InvalidScopeError, normalizeScopes, parseScopes } from './scopes.js';

// reference §3: scope names, hierarchy, normal form, method → level, check order and message formats.

describe('normalisation', () => {
  test('implied reads dropped, fixed order, duplicates removed', () => {
    expect(normalizeScopes(['read:repository', 'write:repository', 'read:user'])).toBe('write:repository,read:user');
    expect(normalizeScopes(['read:user', 'read:issue', 'read:admin', 'public-only', 'read:user'])).toBe(
      'public-only,read:admin,read:issue,read:user',
    );
    expect(normalizeScopes(['read:user, write:package'])).toBe('write:package,read:user');
  });

  test('nine writes collapse to all; all keeps public-only separate', () => {
    const writes = ['activitypub', 'admin', 'misc', 'notification', 'organization', 'package', 'issue', 'repository', 'user'].map(
      (c) => `write:${c}`,
    );
    expect(normalizeScopes(writes)).toBe('all');
    expect(normalizeScopes(['all', 'read:user'])).toBe('all');
    expect(normalizeScopes(['public-only', 'all'])).toBe('public-only,all');
    expect(normalizeScopes([])).toBe('');
  });

  test('unknown names are rejected with Gitea text', () => {
    expect(() => normalizeScopes(['read:repo'])).toThrow(InvalidScopeError);
    expect(() => normalizeScopes(['foo'])).toThrow('invalid access token scope: foo');
  });

  test('write implies read; HasScope needs every category', () => {
    const set = parseScopes(['write:repository', 'read:user']);
    expect(hasScopes(set, 'read', ['repository'])).toBe(true);
    expect(hasScopes(set, 'write', ['user'])).toBe(false);
    expect(hasScopes(set, 'read', ['user', 'organization'])).toBe(false);
    expect(hasScopes(parseScopes(['all']), 'write', ['admin', 'user'])).toBe(true);
  });
});

describe('scope guards on the API', () => {
  let s: ForgeSim;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    s = await startForgeSim();
    s.addUser({ login: 'bot' });
    s.addUser({ login: 'root', isAdmin: true });
    s.addOrg('acme', { owners: ['bot'] });
    s.addRepo({ owner: 'acme', name: 'pub' });
    s.addRepo({ owner: 'acme', name: 'secret', private: true });
    tok.repoOnly = s.addToken('bot', { scopes: ['write:repository'] });
    tok.userOnly = s.addToken('bot', { scopes: ['read:user'] });
    tok.publicOnly = s.addToken('bot', { scopes: ['public-only', 'read:repository'] });
    tok.allRead = s.addToken('bot', {
      scopes: ['read:user', 'read:repository', 'read:organization', 'read:notification', 'read:issue', 'read:package', 'read:admin'],
    });
    tok.adminAll = s.addToken('root', { scopes: ['all'] });
    tok.miscOnly = s.addToken('bot', { scopes: ['read:misc'] });
  });
  afterAll(() => s.stop());

  const get = async (path: string, token: string) => {
    const r = await fetch(`${s.url}/api/v1${path}`, { headers: { Authorization: `token ${token}` } });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };

  test('/user without read:user → 403 echoing the token scope (1.23+)', async () => {
    const r = await get('/user', tok.repoOnly!);
    expect(r.status).toBe(403);
    expect(r.body).toEqual({
      message: 'token does not have at least one of required scope(s), required=[read:user], token scope=write:repository',
      url: `${s.url}/api/swagger`,
    });
  });

  test('group check runs before the repo lookup: 403 even for a repo that does not exist', async () => {
    const r = await get('/repos/acme/does-not-exist', tok.userOnly!);
    expect(r.status).toBe(403);
    expect(r.body.message).toContain('required=[read:repository]');
    expect((await get('/repos/acme/does-not-exist', tok.repoOnly!)).status).toBe(404);
  });

  test('public-only token: public repo fine, private repo 403', async () => {
    expect((await get('/repos/acme/pub', tok.publicOnly!)).status).toBe(200);
    const r = await get('/repos/acme/secret', tok.publicOnly!);
    expect(r.status).toBe(403);
    expect(r.body.message).toBe('token scope is limited to public repos');
  });

  test('one GET per read scope category, each refused without its scope', async () => {
    const probes: [string, string][] = [
      ['/user', 'read:user'],
      ['/repos/acme/pub', 'read:repository'],
      ['/orgs/acme', 'read:organization'],
      ['/notifications', 'read:notification'],
      ['/repos/issues/search', 'read:issue'],
      ['/packages/acme', 'read:package'],
    ];
    for (const [path, scope] of probes) {
      expect((await get(path, tok.allRead!)).status, path).toBe(200);
      const denied = await get(path, tok.miscOnly!);
      expect(denied.status, path).toBe(403);
      expect(denied.body.message).toBe(
        `token does not have at least one of required scope(s), required=[${scope}], token scope=read:misc`,
      );
    }
  });

  test('/admin/users needs read:admin and a site admin', async () => {
    const notAdmin = await get('/admin/users', tok.allRead!);
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body.message).toBe('user should be the site admin');
    const r = await fetch(`${s.url}/api/v1/admin/users`, { headers: { Authorization: `token ${tok.adminAll}` } });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { login: string }[]).map((u) => u.login)).toEqual(['bot', 'root']);
    expect(r.headers.get('x-total-count')).toBe('2');
  });

  test('mutating methods need the write scope', async () => {
    const r = await fetch(`${s.url}/api/v1/user/actions/secrets/FOO`, {
      method: 'PUT',
      headers: { Authorization: `token ${tok.userOnly}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: 'x' }),
    });
    expect(r.status).toBe(403);
    expect(((await r.json()) as { message: string }).message).toContain('required=[write:user], token scope=read:user');
  });

  test('older releases and forgejo use the short message', async () => {
    for (const opts of [{ version: '1.22.0' }, { flavor: 'forgejo' as const, version: '12.0.0' }]) {
      const old = await startForgeSim(opts);
      try {
        old.addUser({ login: 'bot' });
        const t = old.addToken('bot', { scopes: ['write:repository'] });
        const r = await fetch(`${old.url}/api/v1/user`, { headers: { Authorization: `token ${t}` } });
        expect(r.status).toBe(403);
        expect(((await r.json()) as { message: string }).message).toBe(
          'token does not have at least one of required scope(s): [read:user]',
        );
      } finally {
        await old.stop();
      }
    }
  });
});

describe('write probes: mutating routes check the write scope before any lookup', () => {
  let s: ForgeSim;
  let readAll: string;
  let writeAll: string;
  beforeAll(async () => {
    s = await startForgeSim();
    s.addUser({ login: 'bot' });
    s.addUser({ login: 'writer' });
    s.addOrg('acme', { owners: ['bot'] });
    s.addRepo({ owner: 'acme', name: 'core' });
    s.setCollaborator('acme/core', 'writer', 'write');
    const cats = ['repository', 'organization', 'issue', 'package', 'notification'];
    readAll = s.addToken('bot', { scopes: cats.map((c) => `read:${c}`) });
    writeAll = s.addToken('bot', { scopes: cats.map((c) => `write:${c}`) });
  });
  afterAll(() => s.stop());

  const call = async (method: string, path: string, token: string, body: unknown = {}) => {
    const r = await fetch(`${s.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `token ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Record<string, any> };
  };

  test.each([
    ['PATCH', '/repos/nowhere-0/none-0', 'write:repository'],
    ['PATCH', '/orgs/nowhere-0', 'write:organization'],
    ['PATCH', '/repos/nowhere-0/none-0/issues/1', 'write:issue'],
    ['DELETE', '/packages/nowhere-0/generic/none-0/0.0.0', 'write:package'],
    ['PATCH', '/notifications/threads/0', 'write:notification'],
  ])('%s %s: 403 without %s, 404 with it', async (method, path, scope) => {
    const denied = await call(method, path, readAll);
    expect(denied.status).toBe(403);
    expect(denied.body.message).toContain(`required=[${scope}]`);
    expect((await call(method, path, writeAll)).status).toBe(404);
  });

  test('PATCH repo and org really edit, behind their role guards', async () => {
    const w = s.addToken('writer', { scopes: ['write:repository', 'write:organization'] });
    const notAdmin = await call('PATCH', '/repos/acme/core', w, { private: true });
    expect(notAdmin.status).toBe(403);
    const ok = await call('PATCH', '/repos/acme/core', writeAll, { private: true, default_branch: 'no-such-branch' });
    expect(ok.status).toBe(200);
    expect([ok.body.private, ok.body.default_branch]).toEqual([true, 'main']);
    expect((await fetch(`${s.url}/api/v1/repos/acme/core`)).status).toBe(404);
    expect((await call('PATCH', '/orgs/acme', w, { full_name: 'X' })).body.message).toBe('Must be an organization owner');
    expect((await call('PATCH', '/orgs/acme', writeAll, { full_name: 'Acme Inc' })).body.full_name).toBe('Acme Inc');
  });
});
