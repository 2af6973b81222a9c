// Test helper: a real `credcanary serve` child process against the forge simulator, a webhook receiver
// that records signed deliveries, and the files a run needs, all removed by `dispose`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startForgeSim, type ForgeSim } from '../sim/index.js';
import { CLI } from './cli.js';

/** One received webhook delivery. */
export interface Delivery {
  body: Record<string, unknown> & { event: string; delivery: string };
  raw: string;
  signatureValid: boolean;
  deliveryHeader: string | undefined;
}

/** A webhook receiver on 127.0.0.1; `status` is what it answers. */
export interface Receiver {
  url: string;
  deliveries: Delivery[];
  status: number;
  close(): Promise<void>;
}

/** Starts a receiver that checks each delivery's signature against `secret`. */
export async function startReceiver(secret: string): Promise<Receiver> {
  const receiver: Receiver = { url: '', deliveries: [], status: 200, close: async () => {} };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (d: string) => (raw += d));
    req.on('end', () => {
      const expected = `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
      if (receiver.status < 300) {
        receiver.deliveries.push({
          body: JSON.parse(raw) as Delivery['body'],
          raw,
          signatureValid: req.headers['x-credcanary-signature'] === expected,
          deliveryHeader: req.headers['x-credcanary-delivery'] as string | undefined,
        });
      }
      res.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () => new Promise((r) => server.close(() => r()));
  return receiver;
}

/** A running `credcanary serve` child. */
export interface ServeProcess {
  child: ChildProcess;
  url: string;
  log: () => string;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
  kill(): Promise<void>;
}

/** Starts `credcanary serve` and waits until it listens (or fails, resolving with its output). */
export function startServe(args: string[], env: Record<string, string>): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--listen', '127.0.0.1:0', '--log-level', 'debug', ...args], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 20 s:\n${out}`)), 20_000);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          child,
          url: m[1]!,
          log: () => out,
          stop: async () => {
            child.kill('SIGTERM');
            return exited;
          },
          kill: async () => {
            child.kill('SIGKILL');
            await exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`serve exited with ${code} before listening:\n${out}`), { code, output: out }));
    });
  });
}

/** Polls `check` every 100 ms until it returns a value or `timeoutMs` passes (then throws with `what`). */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A forge simulator with bot `sync-bot` and a working token, an inventory folder and a token file. */
export interface ServeWorld {
  sim: ForgeSim;
  dir: string;
  config: string;
  tokenFile: string;
  token: string;
  /** Writes an inventory whose credentials and consumers are given as YAML blocks. */
  writeInventory(body: string): void;
  /** Replaces the token file's content (restoring a token after a revocation). */
  setToken(token: string): void;
  dispose(): Promise<void>;
}

/** Seeds a world: forge `core`, persona `sync-bot`, a token in `token.txt`. */
export async function serveWorld(): Promise<ServeWorld> {
  const sim = await startForgeSim();
  sim.addUser({ login: 'sync-bot' });
  const token = sim.addToken('sync-bot', { name: 'sync', scopes: ['read:user'] });
  const dir = mkdtempSync(join(tmpdir(), 'credcanary-serve-'));
  const tokenFile = join(dir, 'token.txt');
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  const config = join(dir, 'credcanary.yaml');
  return {
    sim,
    dir,
    config,
    tokenFile,
    token,
    writeInventory(body: string) {
      writeFileSync(config, `version: 1\nforges:\n  core: { type: gitea, url: "${sim.url}" }\npersonas:\n  sync-bot: { kind: bot }\n${body}`);
    },
    setToken(value: string) {
      writeFileSync(tokenFile, `${value}\n`, { mode: 0o600 });
    },
    async dispose() {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
