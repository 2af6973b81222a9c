import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type RequestOptions } from 'node:http';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, nextDelay, parseRetryAfter, type RetryPolicy } from '../core/retry.js';
import type { Logger } from 'pino';
import type { Limiter } from './limiter.js';
import { redact } from '../secrets/redact.js';
import type { Reachability } from './reachability.js';

// Requests go through node:http (node:https for https URLs), not the global fetch: Node 20 loads and
// compiles its fetch implementation (undici) on the first call, 30–80 ms on this project's machines, which
// was a quarter of a whole one-credential `credcanary check` (bench/RESULTS.md). Only what fetch did here
// is done: no redirects followed, a timeout over the whole exchange, body as bytes.

/** Response headers read by name, case-insensitively (what the client, providers and probes read of them). */
export interface ResponseHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
}

/** node:http's header object behind the ResponseHeaders interface. */
class NodeHeaders implements ResponseHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
}

/** One HTTP request to a forge. Headers may carry a credential; nothing here ever logs them. */
export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A response that came back (any status, including 4xx). */
export interface HttpResponse {
  kind: 'response';
  status: number;
  headers: ResponseHeaders;
  body: string;
  /** The raw body bytes (file contents are hashed from these, not from the decoded text). */
  bytes: Buffer;
  /** True when the body was longer than `MAX_BODY_BYTES`: `bytes` holds only its start, the rest was never read. */
  truncated?: boolean;
  attempts: number;
}

/** The most of a response body that is ever read: forge answers are small, a file to compare is a config file. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** No usable answer after all attempts: the forge was unreachable, overloaded or rate limiting. */
export interface HttpTransient {
  kind: 'transient';
  reason: 'timeout' | 'connection' | 'server-error' | 'rate-limited';
  /** The last HTTP status, when there was one. */
  status: number | null;
  /** What went wrong on the last attempt, for the report (never contains a header value). */
  detail: string;
  attempts: number;
  /** Not sent at all: the forge was already found unreachable in this run. */
  notSent?: boolean;
}

/** What a request ended as. */
export type HttpOutcome = HttpResponse | HttpTransient;

/** How the client behaves; one per check run. */
export interface HttpClientOptions {
  timeoutMs: number;
  retries: number;
  limiter: Limiter;
  policy?: Partial<Omit<RetryPolicy, 'retries'>>;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
  userAgent?: string;
  /** Debug log of every attempt (method, path, status, ms); never headers or query strings. */
  logger?: Logger;
  /** Forges already found unreachable in this run: requests to them are not sent again. */
  reachability?: Reachability;
  /** Told before each retry (the progress line says what it waits for). */
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
}

/** Sends requests with a per-attempt timeout, bounded retries with backoff, and Retry-After honoured. */
export class HttpClient {
  private readonly policy: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => Date;

  constructor(private readonly options: HttpClientOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy, retries: options.retries };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
  }

  /** Sends `req`, retrying only transient failures; a 401 or any other definite answer returns at once. */
  async send(req: HttpRequest): Promise<HttpOutcome> {
    let last: HttpOutcome | null = null;
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      const outcome = await this.options.limiter.run(() => this.knownDown(req) ?? this.attempt(req, attempt + 1));
      // The forge was found unreachable meanwhile: a request never sent says so; one mid-retry keeps what it saw.
      if (outcome.kind === 'transient' && outcome.notSent) return last === null ? outcome : last.kind === 'response' ? toTransient(last) : last;
      last = outcome;
      this.options.logger?.debug(
        { method: req.method, path: new URL(req.url).pathname, attempt: attempt + 1, ms: Math.round(performance.now() - started), ...(outcome.kind === 'response' ? { status: outcome.status } : { transient: outcome.reason }) },
        'forge request',
      );
      if (outcome.kind === 'response' && !isRetryableStatus(outcome.status)) return outcome;
      const retryAfterMs =
        outcome.kind === 'response' ? parseRetryAfter(outcome.headers.get('retry-after'), this.now()) : null;
      const delay = nextDelay(this.policy, attempt, retryAfterMs, this.random());
      if (delay === null) {
        if (outcome.kind === 'response') return toTransient(outcome);
        this.options.reachability?.markDown(req.url, outcome.detail);
        return outcome;
      }
      this.options.onRetry?.({ url: req.url, attempt: attempt + 1, delayMs: delay, reason: outcome.kind === 'response' ? `HTTP ${outcome.status}` : outcome.reason });
      await this.sleep(delay);
    }
  }

  /** The outcome of a request to a forge already found unreachable in this run, or null to send it. */
  private knownDown(req: HttpRequest): Promise<HttpOutcome> | null {
    const detail = this.options.reachability?.known(req.url);
    if (detail === null || detail === undefined) return null;
    return Promise.resolve({ kind: 'transient', reason: 'connection', status: null, detail: `not sent: the forge was already unreachable in this run (${detail})`, attempts: 0, notSent: true });
  }

  private async attempt(req: HttpRequest, attempts: number): Promise<HttpOutcome> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const url = new URL(req.url);
      const send = url.protocol === 'https:' ? (await import('node:https')).request : httpRequest;
      const headers: Record<string, string> = { 'user-agent': this.options.userAgent ?? 'credcanary', accept: 'application/json', ...req.headers };
      if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
      // Reading the body is under the same timeout: a forge that sends headers and then hangs is still a hang.
      const { res, bytes, truncated } = await exchange(send, url, { method: req.method, headers, signal }, req.body);
      // The text is scrubbed before any judge quotes or cuts it: a front may echo the credential it was sent.
      return { kind: 'response', status: res.statusCode ?? 0, headers: new NodeHeaders(res.headers), body: redact(bytes.toString('utf8')), bytes, ...(truncated ? { truncated } : {}), attempts };
    } catch (err) {
      const timedOut = signal.aborted;
      return {
        kind: 'transient',
        reason: timedOut ? 'timeout' : 'connection',
        status: null,
        detail: timedOut ? `no answer within ${this.options.timeoutMs} ms` : describeNetworkError(err),
        attempts,
      };
    }
  }
}

/**
 * One request and its response body, at most `MAX_BODY_BYTES` of it: past that the response is destroyed
 * (which closes the connection), so a front that streams gigabytes costs a bounded amount of memory, not the
 * process. Rejects on any socket error or abort, before or during the body.
 */
function exchange(send: typeof httpRequest, url: URL, options: RequestOptions, body: string | undefined): Promise<{ res: IncomingMessage; bytes: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const request = send(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size > MAX_BODY_BYTES) return; // already cut: what was buffered before the destroy is dropped
        if (size + chunk.length > MAX_BODY_BYTES) {
          chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
          size = MAX_BODY_BYTES + 1;
          resolve({ res, bytes: Buffer.concat(chunks), truncated: true });
          res.destroy();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.once('end', () => resolve({ res, bytes: Buffer.concat(chunks), truncated: false }));
      res.once('error', reject);
      res.once('aborted', () => reject(new Error('the connection closed before the response ended')));
    });
    request.once('error', reject);
    request.end(body);
  });
}

function toTransient(res: HttpResponse): HttpTransient {
  const rateLimited = res.status === 429;
  return {
    kind: 'transient',
    reason: rateLimited ? 'rate-limited' : 'server-error',
    status: res.status,
    detail: `HTTP ${res.status}${rateLimited && res.headers.get('retry-after') ? ` (Retry-After: ${res.headers.get('retry-after')})` : ''}`,
    attempts: res.attempts,
  };
}

/** A short, credential-free description of a request failure (undici's fetch put the real cause in `cause`). */
export function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String((cause as { code: unknown }).code) : '';
  const message = cause instanceof Error ? cause.message : String(cause);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
