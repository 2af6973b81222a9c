import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { testHttpClient } from '../testing/http.js';
import { HttpVerifyApi, jsonPath, parseExpiryValue, parseHeaderTemplate } from './http-verify.js';

// The generic HTTP verify provider against a small local endpoint shaped like Cloudflare's token verify.

const GOOD = 'cf-token-0123456789abcdef0123456789';
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const ok = req.headers.authorization === `Bearer ${GOOD}`;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { success: true, result: { id: 'tok-42', status: 'active', expires_on: '2031-01-01T00:00:00Z' } } : { success: false, errors: [{ code: 1000, message: 'Invalid API Token' }] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4/user/tokens/verify`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const api = (expiry?: string) =>
  new HttpVerifyApi({ type: 'http', url, verify: { header: 'Authorization: Bearer {token}', identity: 'result.id', ...(expiry ? { expiry } : {}) } }, testHttpClient());

test('identity from the JSON path; the control without the header is refused', async () => {
  const a = await api().identity(GOOD);
  expect(a.authed.login).toBe('tok-42');
  expect(a.authed.request).toBe('GET /client/v4/user/tokens/verify');
  expect(a.control.refusal?.kind).toBe('bad-credentials');
  expect((await api().identity('wrong')).authed.refusal?.kind).toBe('bad-credentials');
});

test('expiry from its path; probes without a question are skipped with the reason', async () => {
  expect(await api('result.expires_on').expiry(GOOD)).toMatchObject({ kind: 'at', at: '2031-01-01T00:00:00.000Z' });
  expect(api().unsupported('expiry')).toMatch(/verify.expiry/);
  expect(api().unsupported('repo-access')).toMatch(/no repositories/);
  expect(api().unsupported('identity')).toBeNull();
});

test('helpers', () => {
  expect(jsonPath({ a: [{ b: 'x' }] }, 'a.0.b')).toBe('x');
  expect(jsonPath({ a: 1 }, 'constructor')).toBeUndefined();
  expect(parseExpiryValue(1924992000)?.toISOString()).toBe('2031-01-01T00:00:00.000Z');
  expect(parseExpiryValue('2031-01-01')?.toISOString()).toBe('2031-01-01T00:00:00.000Z');
  expect(parseExpiryValue('soon')).toBeNull();
  expect(parseHeaderTemplate('X-Vault-Token: {token}')).toEqual({ name: 'X-Vault-Token', value: '{token}' });
  expect(parseHeaderTemplate('no token here: x')).toBeNull();
});
