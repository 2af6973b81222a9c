import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { basicHeader } from './git-cli.js';
import { startForgeSim, type ForgeSim, type SimOptions } from './index.js';

// reference §1.1/§1.2: how a token is presented, and every way a bad credential becomes anonymous.

const sims: ForgeSim[] = [];
async function sim(options: SimOptions = {}): Promise<{ sim: ForgeSim; token: string }> {
  const s = await startForgeSim(options);
  sims.push(s);
  s.addUser({ login: 'bot', password: 'bot-password-1' });
  s.addRepo({ owner: 'bot', name: 'pub' });
  const token = s.addToken('bot', { scopes: ['read:user', 'read:repository'] });
  return { sim: s, token };
}
afterAll(async () => {
  await Promise.all(sims.map((s) => s.stop()));
});

async function getUser(s: ForgeSim, headers: Record<string, string> = {}, query = '') {
  const r = await fetch(`${s.url}/api/v1/user${query}`, { headers });
  return { status: r.status, body: (await r.json()) as Record<string, unknown>, headers: r.headers };
}

const BAD = 'f'.repeat(40);

describe('gitea 1.26 (default)', () => {
  let s: ForgeSim;
  let token: string;
  beforeAll(async () => {
    ({ sim: s, token } = await sim());
  });

  test('token and Bearer headers authenticate, scheme in any case', async () => {
    for (const scheme of ['token', 'Token', 'TOKEN', 'Bearer', 'bearer']) {
      const r = await getUser(s, { Authorization: `${scheme} ${token}` });
      expect(r.status, scheme).toBe(200);
      expect(r.body.login).toBe('bot');
    }
  });

  test('no credentials on /user → 401 token is required', async () => {
    const r = await getUser(s);
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ message: 'token is required', url: `${s.url}/api/swagger` });
  });

  test('invalid, non-hex and revoked tokens → 401 with the 1.25.2+ text, never anonymous', async () => {
    for (const bad of [BAD, 'not-a-token', token.toUpperCase()]) {
      const r = await getUser(s, { Authorization: `token ${bad}` });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ message: 'invalid username, password or token', url: `${s.url}/api/swagger` });
    }
    const t2 = s.addToken('bot', { scopes: ['read:user'] });
    expect((await getUser(s, { Authorization: `token ${t2}` })).status).toBe(200);
    s.revokeToken(t2);
    const r = await getUser(s, { Authorization: `token ${t2}` });
    expect(r.status).toBe(401);
    // A bad token on a public repo is still 401 on the API (no anonymous fallback when the token is parsed).
    const repo = await fetch(`${s.url}/api/v1/repos/bot/pub`, { headers: { Authorization: `token ${t2}` } });
    expect(repo.status).toBe(401);
  });

  test('malformed headers run anonymously', async () => {
    for (const h of ['token', `token ${token} extra`, `Weird ${token}`, '']) {
      const r = await getUser(s, { Authorization: h });
      expect(r.status, JSON.stringify(h)).toBe(401);
      expect(r.body.message).toBe('token is required');
      const repo = await fetch(`${s.url}/api/v1/repos/bot/pub`, { headers: { Authorization: h } });
      expect(repo.status).toBe(200);
    }
  });

  test('Basic: token as username (empty or x-oauth-basic password), token as password, real password', async () => {
    for (const [u, p] of [
      [token, ''],
      [token, 'x-oauth-basic'],
      ['anything', token],
      ['bot', 'bot-password-1'],
    ] as const) {
      const r = await getUser(s, { Authorization: basicHeader(u, p) });
      expect(r.status).toBe(200);
      expect(r.body.login).toBe('bot');
    }
    const wrong = await getUser(s, { Authorization: basicHeader('bot', 'nope') });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('invalid username, password or token');
    const badPat = await getUser(s, { Authorization: basicHeader('bot', BAD) });
    expect(badPat.status).toBe(401);
  });

  test('query tokens win over the header and set X-Gitea-Warning', async () => {
    const ok = await getUser(s, { Authorization: `token ${BAD}` }, `?token=${token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-gitea-warning')).toMatch(/deprecated/);
    const access = await getUser(s, {}, `?access_token=${token}`);
    expect(access.status).toBe(200);
    const bad = await getUser(s, { Authorization: `token ${token}` }, `?token=${BAD}`);
    expect(bad.status).toBe(401);
    expect(bad.body.message).toBe('invalid username, password or token');
  });

  test('the request log classifies presentations and never holds the token', async () => {
    const before = s.requests.length;
    await getUser(s, { Authorization: `Bearer ${token}` });
    await getUser(s, { Authorization: basicHeader('bot', token) });
    await getUser(s, {}, `?token=${token}`);
    await getUser(s, { Authorization: 'nonsense' });
    await getUser(s);
    expect(s.requests.slice(before).map((r) => [r.auth, r.status, r.path])).toEqual([
      ['bearer-header', 200, '/api/v1/user'],
      ['basic', 200, '/api/v1/user'],
      ['query', 200, '/api/v1/user'],
      ['malformed', 401, '/api/v1/user'],
      ['none', 401, '/api/v1/user'],
    ]);
    expect(JSON.stringify(s.requests)).not.toContain(token);
  });
});

describe('older releases and forgejo', () => {
  test('1.24: `Token X` is ignored (anonymous); bad token → raw user-does-not-exist text; old 404 text', async () => {
    const { sim: s, token } = await sim({ version: '1.24.0' });
    const cap = await getUser(s, { Authorization: `Token ${token}` });
    expect(cap.status).toBe(401);
    expect(cap.body.message).toBe('token is required');
    expect((await getUser(s, { Authorization: `token ${token}` })).status).toBe(200);
    expect((await getUser(s, { Authorization: `BEARER ${token}` })).status).toBe(200);
    const bad = await getUser(s, { Authorization: `token ${BAD}` });
    expect(bad.body.message).toBe('user does not exist [uid: 0, name: ]');
    const missing = await fetch(`${s.url}/api/v1/repos/bot/nope`);
    expect(await missing.json()).toEqual({ message: "The target couldn't be found.", url: `${s.url}/api/swagger`, errors: null });
  });

  test('1.25.1: any-case scheme but the raw error text', async () => {
    const { sim: s, token } = await sim({ version: '1.25.1' });
    expect((await getUser(s, { Authorization: `Token ${token}` })).status).toBe(200);
    expect((await getUser(s, { Authorization: `token ${BAD}` })).body.message).toBe('user does not exist [uid: 0, name: ]');
  });

  test('forgejo: query tokens are ignored (anonymous, no warning), `Token` ignored', async () => {
    const { sim: s, token } = await sim({ flavor: 'forgejo', version: '12.0.0' });
    const q = await getUser(s, {}, `?token=${token}`);
    expect(q.status).toBe(401);
    expect(q.body.message).toBe('token is required');
    expect(q.headers.get('x-gitea-warning')).toBeNull();
    expect((await getUser(s, { Authorization: `Token ${token}` })).body.message).toBe('token is required');
    expect((await getUser(s, { Authorization: `bearer ${token}` })).status).toBe(200);
  });

  test('queryAuth off: query token silently anonymous, even a valid one', async () => {
    const { sim: s, token } = await sim({ queryAuth: false });
    const q = await getUser(s, {}, `?token=${token}`);
    expect(q.status).toBe(401);
    expect(q.body.message).toBe('token is required');
    const repo = await fetch(`${s.url}/api/v1/repos/bot/pub?token=${BAD}`);
    expect(repo.status).toBe(200);
  });

  test('basicAuth off: a bad token in Basic runs anonymously; a valid PAT in Basic still works', async () => {
    const { sim: s, token } = await sim({ basicAuth: false });
    const bad = await getUser(s, { Authorization: basicHeader('bot', BAD) });
    expect(bad.status).toBe(401);
    expect(bad.body.message).toBe('token is required');
    const pw = await getUser(s, { Authorization: basicHeader('bot', 'bot-password-1') });
    expect(pw.body.message).toBe('token is required');
    const repo = await fetch(`${s.url}/api/v1/repos/bot/pub`, { headers: { Authorization: basicHeader('bot', BAD) } });
    expect(repo.status).toBe(200);
    expect((await getUser(s, { Authorization: basicHeader('bot', token) })).status).toBe(200);
  });

  test('prohibited login → 403; require sign-in view → anonymous 403', async () => {
    const s = await startForgeSim({ requireSigninView: true });
    sims.push(s);
    s.addUser({ login: 'blocked', prohibitLogin: true });
    s.addUser({ login: 'ok' });
    s.addRepo({ owner: 'ok', name: 'pub' });
    const t = s.addToken('blocked', { scopes: ['read:user'] });
    const r = await getUser(s, { Authorization: `token ${t}` });
    expect(r.status).toBe(403);
    expect(r.body.message).toBe('This account is prohibited from signing in, please contact your site administrator.');
    const anon = await fetch(`${s.url}/api/v1/repos/ok/pub`);
    expect(anon.status).toBe(403);
    expect(((await anon.json()) as { message: string }).message).toBe('Only signed in user is allowed to call APIs.');
  });
});
