// The loopback server the GitHub and GitLab simulator modes share: node:http on 127.0.0.1 with an ephemeral
// port, a request log that never holds a secret, the same fault injection as the Gitea mode, real bare git
// repositories, and `git http-backend` children ended on stop().

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Faults } from '../faults.js';
import { frontDoor } from '../front-door.js';
import { GitStore } from '../git-store.js';
import type { FaultRule, SimRequestLog } from '../types.js';

/** One request as a mode's handler sees it: the path split from its query. */
export interface HostedRequest {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  search: URLSearchParams;
}

/** What a forge mode builds on. */
export interface HostedServer {
  /** 'http://127.0.0.1:PORT' (no trailing slash). */
  url: string;
  requests: SimRequestLog[];
  faults: { add(rule: FaultRule): void; clear(): void };
  git: GitStore;
  children: Set<ChildProcess>;
  stop(): Promise<void>;
}

/** How a request presented a credential, classified syntactically (never the value). */
export function presentationOf(req: IncomingMessage): SimRequestLog['auth'] {
  if (req.headers['private-token'] !== undefined) return 'token-header';
  const header = req.headers.authorization;
  if (header === undefined) return 'none';
  const parts = header.trim().split(/\s+/);
  if (parts.length !== 2) return 'malformed';
  const scheme = parts[0]!.toLowerCase();
  return scheme === 'token' ? 'token-header' : scheme === 'bearer' ? 'bearer-header' : scheme === 'basic' ? 'basic' : 'malformed';
}

/** Username and password of a `Basic` header; null when absent or undecodable. */
export function basicPair(header: string | undefined): { user: string; pass: string } | null {
  const parts = header?.trim().split(/\s+/) ?? [];
  if (parts.length !== 2 || parts[0]!.toLowerCase() !== 'basic') return null;
  const decoded = Buffer.from(parts[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
}

/** Starts the shared server; `handle` answers every request that no fault took. */
export async function startHostedServer(dataDir: string | undefined, handle: (r: HostedRequest) => Promise<void> | void): Promise<HostedServer> {
  const ownDataDir = dataDir === undefined;
  const root = dataDir ?? mkdtempSync(join(tmpdir(), 'credcanary-sim-'));
  const git = new GitStore(root);
  const faults = new Faults();
  const children = new Set<ChildProcess>();
  const requests: SimRequestLog[] = [];
  const server = createServer({ keepAlive: true }, (req, res) => {
    void serve(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('forge simulator internal error\n');
      } else res.destroy();
    });
  });
  let rootUrl = '';
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const admitted = await frontDoor(req, res, requests, faults, rootUrl, () => presentationOf(req));
    if (!admitted) return;
    const { method, path, search } = admitted;
    await handle({ req, res, method, path, search });
    if (!req.readableEnded) req.resume();
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  rootUrl = `${url}/`;
  return {
    url,
    requests,
    faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
    git,
    children,
    async stop() {
      for (const s of faults.hung) s.destroy();
      for (const c of children) c.kill('SIGKILL');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownDataDir) rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Sends a JSON body with extra headers. */
export function sendJsonBody(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Sends a text body with extra headers. */
export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Splits a git smart-HTTP path `/{owner…}/{name}(.git)/{rest}`; owner may hold slashes (GitLab groups). */
export function gitPathParts(path: string): { full: string; rest: string } | null {
  const m = /^\/(.+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/.+)$/.exec(path);
  return m ? { full: m[1]!, rest: m[2]! } : null;
}

/** Whether a git request asks for the push service. */
export function isReceivePack(rest: string, search: URLSearchParams): boolean {
  return search.get('service') === 'git-receive-pack' || rest === 'git-receive-pack';
}
