import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, MAX_BODY_BYTES } from './client.js';
import { Limiter, mapPool } from './limiter.js';

// A scripted server: each path answers from a queue of behaviours, then 200.
type Behaviour = { status: number; headers?: Record<string, string> } | 'reset' | 'hang';
const scripts = new Map<string, Behaviour[]>();
const hits = new Map<string, number>();
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/echo') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        res.writeHead(201, { 'X-Echo-Length': req.headers['content-length'] ?? 'none', 'content-type': 'text/plain' });
        res.end(`${req.method} ${req.headers['user-agent']} ${req.headers['x-custom']} ${body}`);
      });
      return;
    }
    if (path === '/redirect') {
      res.writeHead(302, { location: '/a' });
      return res.end();
    }
    const next = scripts.get(path)?.shift();
    if (next === 'reset') return req.socket.destroy();
    if (next === 'hang') return;
    res.writeHead(next?.status ?? 200, { 'content-type': 'application/json', ...next?.headers });
    res.end(JSON.stringify({ message: `status ${next?.status ?? 200}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const sleeps: number[] = [];
const client = (retries = 2, timeoutMs = 2000) =>
  new HttpClient({ timeoutMs, retries, limiter: new Limiter(4), sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 });

describe('HttpClient', () => {
  it('retries 503 then succeeds', async () => {
    scripts.set('/a', [{ status: 503 }, { status: 502 }]);
    const out = await client().send({ method: 'GET', url: `${base}/a` });
    expect(out).toMatchObject({ kind: 'response', status: 200, attempts: 3 });
  });
  it('gives up after the retry budget as a transient server-error', async () => {
    scripts.set('/b', [{ status: 500 }, { status: 500 }, { status: 500 }]);
    const out = await client().send({ method: 'GET', url: `${base}/b` });
    expect(out).toMatchObject({ kind: 'transient', reason: 'server-error', status: 500, attempts: 3 });
  });
  it('never retries a 401', async () => {
    scripts.set('/c', [{ status: 401 }]);
    const out = await client().send({ method: 'GET', url: `${base}/c` });
    expect(out).toMatchObject({ kind: 'response', status: 401, attempts: 1 });
    expect(hits.get('/c')).toBe(1);
  });
  it('honours Retry-After on 429 and reports rate-limited when it persists', async () => {
    sleeps.length = 0;
    scripts.set('/d', [{ status: 429, headers: { 'retry-after': '1' } }, { status: 429, headers: { 'retry-after': '1' } }, { status: 429, headers: { 'retry-after': '1' } }]);
    const out = await client().send({ method: 'GET', url: `${base}/d` });
    expect(out).toMatchObject({ kind: 'transient', reason: 'rate-limited', status: 429 });
    expect(sleeps).toEqual([1000, 1000]);
  });
  it('does not wait for an unreasonable Retry-After', async () => {
    sleeps.length = 0;
    scripts.set('/e', [{ status: 429, headers: { 'retry-after': '3600' } }]);
    const out = await client().send({ method: 'GET', url: `${base}/e` });
    expect(out).toMatchObject({ kind: 'transient', reason: 'rate-limited', attempts: 1 });
    expect(sleeps).toEqual([]);
  });
  it('turns a reset into a transient connection error', async () => {
    scripts.set('/f', ['reset', 'reset', 'reset']);
    expect(await client().send({ method: 'GET', url: `${base}/f` })).toMatchObject({ kind: 'transient', reason: 'connection', attempts: 3 });
  });
  it('times out a hang, bounded by timeout × attempts', async () => {
    scripts.set('/g', ['hang', 'hang']);
    const t0 = performance.now();
    const out = await client(1, 200).send({ method: 'GET', url: `${base}/g` });
    expect(out).toMatchObject({ kind: 'transient', reason: 'timeout', attempts: 2 });
    expect(performance.now() - t0).toBeLessThan(2000);
  });
  it('sends method, headers and body, and reads status, headers and body bytes', async () => {
    const out = await client().send({ method: 'POST', url: `${base}/echo`, headers: { 'x-custom': 'yes' }, body: 'héllo' });
    if (out.kind !== 'response') throw new Error(`expected a response, got ${out.reason}`);
    expect(out.status).toBe(201);
    expect(out.body).toBe('POST credcanary yes héllo');
    expect(out.bytes.equals(Buffer.from('POST credcanary yes héllo'))).toBe(true);
    // Header names are read case-insensitively; the length is of the UTF-8 bytes.
    expect(out.headers.get('x-echo-length')).toBe('6');
    expect(out.headers.get('X-ECHO-LENGTH')).toBe('6');
    expect(out.headers.get('absent')).toBeNull();
    expect(out.headers.has('X-Echo-Length')).toBe(true);
    expect(out.headers.has('absent')).toBe(false);
  });
  it('does not follow redirects: a 302 is the answer', async () => {
    const out = await client().send({ method: 'GET', url: `${base}/redirect` });
    expect(out).toMatchObject({ kind: 'response', status: 302 });
    if (out.kind === 'response') expect(out.headers.get('location')).toBe('/a');
  });
  it('a malformed URL is a transient connection problem, not a throw', async () => {
    expect(await client(0).send({ method: 'GET', url: 'http://[bad' })).toMatchObject({ kind: 'transient', reason: 'connection' });
  });
  it('refused connection is transient', async () => {
    expect(await client(0).send({ method: 'GET', url: 'http://127.0.0.1:1/' })).toMatchObject({ kind: 'transient', reason: 'connection' });
  });
});

describe('Limiter', () => {
  it('never runs more than its size at once', async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let peak = 0;
    await mapPool(Array.from({ length: 20 }, (_, i) => i), 20, () =>
      limiter.run(async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 2));
        active--;
      }),
    );
    expect(peak).toBe(3);
  });
  it('mapPool keeps order', async () => {
    expect(await mapPool([3, 1, 2], 2, async (x) => x * 2)).toEqual([6, 2, 4]);
  });
});

describe('HttpClient: response bodies are capped (issue 9 item 12)', () => {
  it('stops reading an endless body at 1 MiB and closes the connection', async () => {
    let sent = 0;
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve));
    const endless = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk)) sent += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      res.on('close', closed);
      pump();
    });
    await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/api/v1/user`;
      const out = await new HttpClient({ timeoutMs: 60_000, retries: 0, limiter: new Limiter(1) }).send({ method: 'GET', url });
      expect(out).toMatchObject({ kind: 'response', status: 200, truncated: true });
      if (out.kind !== 'response') return;
      expect(out.bytes.length).toBe(MAX_BODY_BYTES);
      await connectionClosed;
      // The server could only fill socket buffers past the cap, not stream without end.
      expect(sent).toBeLessThan(64 * MAX_BODY_BYTES);
    } finally {
      endless.closeAllConnections();
      await new Promise((resolve) => endless.close(resolve));
    }
  });

  it('a body within the cap is read whole and not marked truncated', async () => {
    const out = await client().send({ method: 'GET', url: `${base}/small` });
    expect(out).toMatchObject({ kind: 'response', status: 200 });
    if (out.kind === 'response') expect(out.truncated).toBeUndefined();
  });
});
