import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { HttpClient } from './client.js';
import { Limiter } from './limiter.js';
import { Reachability } from './reachability.js';

describe('Reachability', () => {
  it('keys forges by origin and keeps the first reason', () => {
    const r = new Reachability();
    expect(r.known('http://a.example:3000/api/v1/user')).toBeNull();
    r.markDown('http://a.example:3000/api/v1/user', 'ECONNREFUSED');
    r.markDown('http://a.example:3000/x', 'later');
    expect(r.known('http://a.example:3000/api/v1/repos/x/y')).toBe('ECONNREFUSED');
    expect(r.known('http://a.example:3001/')).toBeNull();
  });

  it('once a request to a forge got no answer after every attempt, the client sends that forge nothing more', async () => {
    // A server that accepts and drops every connection: each attempt fails with a reset, and is counted.
    let connections = 0;
    const server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const retries: number[] = [];
      const client = new HttpClient({ timeoutMs: 2000, retries: 2, limiter: new Limiter(1), reachability: new Reachability(), sleep: async () => {}, onRetry: (i) => retries.push(i.attempt) });
      const first = await client.send({ method: 'GET', url: `${base}/api/v1/user` });
      expect(first).toMatchObject({ kind: 'transient', reason: 'connection', attempts: 3 });
      expect(retries).toEqual([1, 2]);
      const seen = connections;
      const second = await client.send({ method: 'GET', url: `${base}/api/v1/repos/a/b` });
      expect(second).toMatchObject({ kind: 'transient', reason: 'connection', notSent: true });
      expect(second.kind === 'transient' && second.detail).toMatch(/^not sent: the forge was already unreachable in this run/);
      expect(connections).toBe(seen);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
