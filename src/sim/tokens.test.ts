import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { basicHeader } from './git-cli.js';
import { startForgeSim, type ForgeSim } from './index.js';

// reference §4/§5: the token API behind Basic auth, its fields, errors, order and pagination.

let s: ForgeSim;
let pat: string;
const pw = basicHeader('bot', 'bot-pw');
beforeAll(async () => {
  s = await startForgeSim();
  s.addUser({ login: 'bot', password: 'bot-pw' });
  s.addUser({ login: 'other', password: 'other-pw' });
  s.addUser({ login: 'root', password: 'root-pw', isAdmin: true });
  pat = s.addToken('bot', { name: 'ci', scopes: ['write:user', 'read:repository'] });
});
afterAll(() => s.stop());

async function call(method: string, path: string, authorization?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (authorization) headers.Authorization = authorization;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(`${s.url}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : null };
}

describe('guards', () => {
  test('token in a header or the query → 401 auth required', async () => {
    expect(await call('GET', '/users/bot/tokens', `token ${pat}`)).toMatchObject({ status: 401, body: { message: 'auth required' } });
    expect((await call('GET', `/users/bot/tokens?token=${pat}`)).body.message).toBe('auth required');
  });

  test('anonymous and other users → 403 self-or-admin; unknown user → 404', async () => {
    const msg = 'doer should be the site admin or be same as the contextUser';
    expect(await call('GET', '/users/bot/tokens')).toMatchObject({ status: 403, body: { message: msg } });
    expect(await call('GET', '/users/bot/tokens', basicHeader('other', 'other-pw'))).toMatchObject({ status: 403 });
    expect((await call('GET', '/users/ghost/tokens', pw)).status).toBe(404);
  });

  test('a PAT as the Basic password passes the basic guard, subject to its user scope', async () => {
    const r = await call('GET', '/users/bot/tokens', basicHeader('bot', pat));
    expect(r.status).toBe(200);
    const weak = s.addToken('bot', { name: 'weak', scopes: ['read:repository'] });
    const denied = await call('GET', '/users/bot/tokens', basicHeader('bot', weak));
    expect(denied.status).toBe(403);
    expect(denied.body.message).toContain('required=[read:user]');
    expect((await call('DELETE', '/users/bot/tokens/weak', pw)).status).toBe(204);
  });

  test('a site admin manages other users\' tokens', async () => {
    const r = await call('POST', '/users/bot/tokens', basicHeader('root', 'root-pw'), { name: 'by-admin', scopes: ['read:user'] });
    expect(r.status).toBe(201);
    expect((await call('DELETE', '/users/bot/tokens/by-admin', basicHeader('root', 'root-pw'))).status).toBe(204);
  });
});

describe('create, list, delete', () => {
  test('create returns the token once with zero timestamps; list hides it, newest first', async () => {
    const c = await call('POST', '/users/bot/tokens', pw, { name: 'rotated', scopes: ['read:repository', 'write:repository', 'read:user'] });
    expect(c.status).toBe(201);
    expect(c.body).toEqual({
      id: expect.any(Number),
      name: 'rotated',
      sha1: expect.stringMatching(/^[0-9a-f]{40}$/),
      token_last_eight: c.body.sha1.slice(-8),
      scopes: ['write:repository', 'read:user'],
      created_at: '0001-01-01T00:00:00Z',
      last_used_at: '0001-01-01T00:00:00Z',
    });
    // The new token works at once.
    expect((await call('GET', '/user', `token ${c.body.sha1}`)).status).toBe(200);
    const l = await call('GET', '/users/bot/tokens', pw);
    expect(l.headers.get('x-total-count')).toBe(String(l.body.length));
    expect(l.body[0].name).toBe('rotated');
    expect(l.body[0].sha1).toBe('');
    expect(l.body[0].last_used_at).not.toBe('0001-01-01T00:00:00Z');
    expect(l.body.map((t: { name: string }) => t.name)).toContain('ci');
    expect(JSON.stringify(l.body)).not.toContain(c.body.sha1);
  });

  test('error table', async () => {
    expect(await call('POST', '/users/bot/tokens', pw, { name: 'ci', scopes: ['read:user'] })).toMatchObject({
      status: 400,
      body: { message: 'access token name has been used already' },
    });
    expect(await call('POST', '/users/bot/tokens', pw, { name: 'x1', scopes: [] })).toMatchObject({
      status: 400,
      body: { message: 'access token must have a scope' },
    });
    expect(await call('POST', '/users/bot/tokens', pw, { name: 'x2', scopes: ['foo'] })).toMatchObject({
      status: 400,
      body: { message: 'invalid access token scope provided: invalid access token scope: foo' },
    });
    expect((await call('POST', '/users/bot/tokens', pw, { scopes: ['read:user'] })).status).toBe(422);
  });

  test('delete by id (also 0x…), by name, 404 unknown, and the deleted token stops working', async () => {
    const a = await call('POST', '/users/bot/tokens', pw, { name: 'del-a', scopes: ['read:user'] });
    expect((await call('DELETE', `/users/bot/tokens/0x${a.body.id.toString(16)}`, pw)).status).toBe(204);
    expect(await call('GET', '/user', `token ${a.body.sha1}`)).toMatchObject({
      status: 401,
      body: { message: 'invalid username, password or token' },
    });
    const b = await call('POST', '/users/bot/tokens', pw, { name: 'del-b', scopes: ['read:user'] });
    expect((await call('DELETE', `/users/bot/tokens/${b.body.id}`, pw)).status).toBe(204);
    await call('POST', '/users/bot/tokens', pw, { name: 'del-c', scopes: ['read:user'] });
    expect((await call('DELETE', '/users/bot/tokens/del-c', pw)).status).toBe(204);
    expect((await call('DELETE', '/users/bot/tokens/del-c', pw)).status).toBe(404);
    expect((await call('DELETE', '/users/bot/tokens/999999', pw)).status).toBe(404);
  });

  test('pagination defaults and limits', async () => {
    for (let i = 0; i < 55; i++) s.addToken('other', { name: `t${i}`, scopes: ['read:user'] });
    const auth = basicHeader('other', 'other-pw');
    const first = await call('GET', '/users/other/tokens', auth);
    expect(first.body).toHaveLength(30);
    expect(first.headers.get('x-total-count')).toBe('55');
    expect(first.body[0].name).toBe('t54');
    expect((await call('GET', '/users/other/tokens?limit=100', auth)).body).toHaveLength(50);
    expect((await call('GET', '/users/other/tokens?page=2&limit=50', auth)).body).toHaveLength(5);
  });

  test('forgejo and ≤1.23 token JSON has no timestamps', async () => {
    const f = await startForgeSim({ flavor: 'forgejo', version: '12.0.0' });
    try {
      f.addUser({ login: 'bot', password: 'pw' });
      const r = await fetch(`${f.url}/api/v1/users/bot/tokens`, {
        method: 'POST',
        headers: { Authorization: basicHeader('bot', 'pw'), 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'n', scopes: ['read:user'] }),
      });
      expect(Object.keys((await r.json()) as object).sort()).toEqual(['id', 'name', 'scopes', 'sha1', 'token_last_eight']);
    } finally {
      await f.stop();
    }
  });
});
