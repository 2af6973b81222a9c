import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { startForgeSim, type ForgeSim } from './index.js';

// Fault injection and the generic 404s (reference §9 for why 429/503 matter: QoS throttles git and web routes).

let s: ForgeSim;
beforeEach(async () => {
  s = await startForgeSim();
  s.addUser({ login: 'bot' });
  s.addRepo({ owner: 'bot', name: 'pub' });
});
afterEach(() => s.stop());

const get = (path: string, signal?: AbortSignal) => fetch(`${s.url}${path}`, signal ? { signal } : {});

describe('faults', () => {
  test('status with Retry-After, counted down by times, matched by prefix and method', async () => {
    s.faults.add({ match: { method: 'GET', pathPrefix: '/api/v1/repos/' }, times: 2, status: 503, retryAfter: 7 });
    const a = await get('/api/v1/repos/bot/pub');
    expect(a.status).toBe(503);
    expect(a.headers.get('retry-after')).toBe('7');
    expect((await get('/api/v1/version')).status).toBe(200);
    expect((await get('/api/v1/repos/bot/pub')).status).toBe(503);
    expect((await get('/api/v1/repos/bot/pub')).status).toBe(200);
    s.faults.add({ match: { method: 'POST' }, status: 500 });
    expect((await get('/api/v1/repos/bot/pub')).status).toBe(200);
  });

  test('429 and latency', async () => {
    s.faults.add({ times: 1, status: 429, retryAfter: 1 });
    const r = await get('/api/v1/version');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('1');
    s.faults.add({ times: 1, latencyMs: 150 });
    const t0 = performance.now();
    expect((await get('/api/v1/version')).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  test('connection reset makes fetch fail; the log records status 0', async () => {
    s.faults.add({ times: 1, reset: true });
    await expect(get('/api/v1/version')).rejects.toThrow();
    expect((await get('/api/v1/version')).status).toBe(200);
    expect(s.requests[0]!.status).toBe(0);
  });

  test('hang never answers until the client gives up; stop() still returns', async () => {
    s.faults.add({ times: 1, hang: true });
    await expect(get('/api/v1/version', AbortSignal.timeout(200))).rejects.toThrow();
    s.faults.add({ times: 1, hang: true });
    const pending = get('/api/v1/version').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await s.stop();
    expect(await pending).toBeInstanceOf(Error);
    s = await startForgeSim(); // afterEach stops this one
  });

  test('clear removes rules', async () => {
    s.faults.add({ status: 502 });
    expect((await get('/api/v1/version')).status).toBe(502);
    s.faults.clear();
    expect((await get('/api/v1/version')).status).toBe(200);
  });

  test('faults apply to git paths too', async () => {
    s.faults.add({ match: { pathPrefix: '/bot/pub.git/' }, times: 1, status: 503, retryAfter: 2 });
    expect((await get('/bot/pub.git/info/refs?service=git-upload-pack')).status).toBe(503);
    expect((await get('/bot/pub.git/info/refs?service=git-upload-pack')).status).toBe(200);
  });
});

test('unknown API routes → 404 JSON like Gitea; unknown web paths → 404', async () => {
  const r = await get('/api/v1/no/such/route');
  expect(r.status).toBe(404);
  expect(await r.json()).toEqual({ message: 'not found', url: `${s.url}/api/swagger`, errors: null });
  expect((await get('/somewhere')).status).toBe(404);
});

test('version endpoint reports the simulated release', async () => {
  expect(await (await get('/api/v1/version')).json()).toEqual({ version: '1.26.0' });
});
