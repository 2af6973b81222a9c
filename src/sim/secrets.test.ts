import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startForgeSim, type ForgeSim } from './index.js';

// reference §7: Actions secrets at repo, org and user level.

let s: ForgeSim;
const tok: Record<string, string> = {};
beforeAll(async () => {
  s = await startForgeSim();
  for (const login of ['owner', 'repoadmin', 'orgowner', 'member']) s.addUser({ login });
  s.addOrg('acme', { owners: ['orgowner'] });
  s.addRepo({ owner: 'owner', name: 'core' });
  s.addRepo({ owner: 'acme', name: 'infra' });
  s.setCollaborator('owner/core', 'repoadmin', 'admin');
  for (const login of ['owner', 'repoadmin', 'orgowner', 'member']) {
    tok[login] = s.addToken(login, { scopes: ['write:repository', 'write:organization', 'write:user'] });
  }
  tok.readRepo = s.addToken('owner', { name: 'ro', scopes: ['read:repository'] });
});
afterAll(() => s.stop());

async function call(method: string, path: string, login: string, body?: unknown) {
  const r = await fetch(`${s.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `token ${tok[login]}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null, headers: r.headers };
}

describe('repo secrets', () => {
  test('PUT creates (201) then updates (204); names stored uppercased; list hides values', async () => {
    expect((await call('PUT', '/repos/owner/core/actions/secrets/deploy_token', 'owner', { data: 'v1', description: 'd' })).status).toBe(201);
    expect((await call('PUT', '/repos/owner/core/actions/secrets/DEPLOY_TOKEN', 'owner', { data: 'v2' })).status).toBe(204);
    expect(s.secrets({ repo: 'owner/core' })).toEqual([{ name: 'DEPLOY_TOKEN', data: 'v2', description: '' }]);
    const l = await call('GET', '/repos/owner/core/actions/secrets', 'owner');
    expect(l.status).toBe(200);
    expect(l.body).toEqual([{ name: 'DEPLOY_TOKEN', description: '', created_at: expect.stringMatching(/Z$/) }]);
    expect(l.headers.get('x-total-count')).toBe('1');
  });

  test('owner only: a repo-admin collaborator is refused', async () => {
    const r = await call('PUT', '/repos/owner/core/actions/secrets/X', 'repoadmin', { data: 'v' });
    expect(r).toMatchObject({ status: 403, body: { message: 'user should be the owner of the repo' } });
  });

  test('write scope needed for PUT; read scope enough for the list', async () => {
    const r = await call('PUT', '/repos/owner/core/actions/secrets/X', 'readRepo', { data: 'v' });
    expect(r.status).toBe(403);
    expect(r.body.message).toContain('required=[write:repository]');
    expect((await call('GET', '/repos/owner/core/actions/secrets', 'readRepo')).status).toBe(200);
  });

  test('name rules, data rules, delete', async () => {
    for (const bad of ['GITEA_X', 'github_token', 'CI', '1ABC', 'A-B']) {
      expect(await call('PUT', `/repos/owner/core/actions/secrets/${bad}`, 'owner', { data: 'v' })).toMatchObject({
        status: 400,
        body: { message: 'invalid variable or secret name' },
      });
    }
    expect((await call('PUT', '/repos/owner/core/actions/secrets/X', 'owner', {})).status).toBe(422);
    expect(await call('PUT', '/repos/owner/core/actions/secrets/X', 'owner', { data: 'x'.repeat(65537) })).toMatchObject({
      status: 400,
      body: { message: 'data too long' },
    });
    expect((await call('DELETE', '/repos/owner/core/actions/secrets/deploy_token', 'owner')).status).toBe(204);
    expect((await call('DELETE', '/repos/owner/core/actions/secrets/deploy_token', 'owner')).status).toBe(404);
    expect((await call('PUT', '/repos/owner/nope/actions/secrets/X', 'owner', { data: 'v' })).status).toBe(404);
  });
});

describe('org and user secrets', () => {
  test('org owner may manage; a non-owner is refused; unknown org 404', async () => {
    expect((await call('PUT', '/orgs/acme/actions/secrets/SYNC', 'orgowner', { data: 'v' })).status).toBe(201);
    expect(await call('PUT', '/orgs/acme/actions/secrets/SYNC', 'member', { data: 'v' })).toMatchObject({
      status: 403,
      body: { message: 'Must be an organization owner' },
    });
    expect((await call('GET', '/orgs/acme/actions/secrets', 'orgowner')).body.map((x: { name: string }) => x.name)).toEqual(['SYNC']);
    expect((await call('GET', '/orgs/nope/actions/secrets', 'orgowner')).status).toBe(404);
    expect(s.secrets({ org: 'acme' }).map((x) => x.data)).toEqual(['v']);
    // An org owner is Owner on org repos, so repo secrets work too.
    expect((await call('PUT', '/repos/acme/infra/actions/secrets/R', 'orgowner', { data: 'v' })).status).toBe(201);
  });

  test('user secrets: PUT/DELETE on /user', async () => {
    expect((await call('PUT', '/user/actions/secrets/MINE', 'member', { data: 'v' })).status).toBe(201);
    expect(s.secrets({ user: 'member' }).map((x) => x.name)).toEqual(['MINE']);
    expect((await call('DELETE', '/user/actions/secrets/MINE', 'member')).status).toBe(204);
    expect(s.secrets({ user: 'member' })).toEqual([]);
  });
});
