import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertMessage } from './types.js';
import { classifyStatus, webhookNotifier, webhookSignature } from './webhook.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}
const received: Received[] = [];
let answer = 204;
let url = '';
const server = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8').on('data', (d: string) => (body += d));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.writeHead(answer, answer === 429 ? { 'retry-after': '7' } : {}).end();
  });
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const ALERT: AlertMessage = {
  event: 'credential.failed',
  credential: 'AUTO_SYNC_TOKEN',
  class: 'revoked',
  summary: 'AUTO_SYNC_TOKEN revoked; consumers auto-sync, ops-backup depend on it',
  consumers: ['auto-sync', 'ops-backup'],
  at: '2026-01-01T00:00:00.000Z',
  delivery: '0b1c2d3e-0000-4000-8000-000000000001',
};
const SECRET = 'whsec-test-secret-0123456789';
const ctx = { timeoutMs: 2000, readSecret: async (s: { env?: string }) => (s.env === 'HOOK_SECRET' ? SECRET : s.env === 'HOOK_URL' ? url : null) } as never;

describe('webhook notifier', () => {
  it('POSTs the alert as JSON with a delivery id and an HMAC-SHA256 signature of the exact body', async () => {
    answer = 204;
    const channel = await webhookNotifier.prepare({ type: 'webhook', url, secret: { env: 'HOOK_SECRET' } }, ctx);
    expect(await channel.deliver(ALERT)).toEqual({ ok: true });
    const got = received.at(-1)!;
    expect(JSON.parse(got.body)).toEqual(ALERT);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['x-credcanary-delivery']).toBe(ALERT.delivery);
    const expected = `sha256=${createHmac('sha256', SECRET).update(got.body).digest('hex')}`;
    expect(got.headers['x-credcanary-signature']).toBe(expected);
    expect(webhookSignature('other', got.body)).not.toBe(expected);
  });

  it('reads its URL from a source, and sends no signature without a secret', async () => {
    const channel = await webhookNotifier.prepare({ type: 'webhook', url: { env: 'HOOK_URL' } }, ctx);
    expect(await channel.deliver(ALERT)).toEqual({ ok: true });
    expect(received.at(-1)!.headers['x-credcanary-signature']).toBeUndefined();
  });

  it('tells retryable answers from permanent ones', async () => {
    const channel = await webhookNotifier.prepare({ type: 'webhook', url }, ctx);
    answer = 503;
    expect(await channel.deliver(ALERT)).toEqual({ ok: false, permanent: false, error: 'HTTP 503' });
    answer = 429;
    expect(await channel.deliver(ALERT)).toEqual({ ok: false, permanent: false, error: 'HTTP 429', retryAfterMs: 7000 });
    answer = 404;
    expect(await channel.deliver(ALERT)).toEqual({ ok: false, permanent: true, error: 'HTTP 404' });
    expect(classifyStatus(408, null)).toMatchObject({ permanent: false });
  });

  it('a refused connection is retryable and its message does not quote the URL', async () => {
    const channel = await webhookNotifier.prepare({ type: 'webhook', url: 'http://127.0.0.1:1/secret-path-token' }, ctx);
    const result = await channel.deliver(ALERT);
    expect(result).toMatchObject({ ok: false, permanent: false });
    expect(JSON.stringify(result)).not.toContain('secret-path-token');
  });

  it('refuses a secret source that yields nothing', async () => {
    await expect(webhookNotifier.prepare({ type: 'webhook', url, secret: { env: 'UNSET' } }, ctx)).rejects.toThrow(/secret source yields nothing/);
  });
});
