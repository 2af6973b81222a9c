import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Faults } from './faults.js';
import type { SimRequestLog } from './types.js';

// What every simulator server (Gitea mode and the hosted GitHub/GitLab modes) does first with a request: split
// its URL, log it with the way it presented a credential, and let a test's fault rule answer it instead.

/** A request past the front door: the forge's own handler answers it. */
export interface AdmittedRequest {
  method: string;
  path: string;
  search: URLSearchParams;
}

/** Logs the request, applies a matching fault; null when the fault answered it (nothing more to do). */
export async function frontDoor(
  req: IncomingMessage,
  res: ServerResponse,
  requests: SimRequestLog[],
  faults: Faults,
  rootUrl: string,
  presentation: (search: URLSearchParams) => SimRequestLog['auth'],
): Promise<AdmittedRequest | null> {
  const start = performance.now();
  const method = req.method ?? 'GET';
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const search = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
  const entry: SimRequestLog = { method, path, auth: presentation(search), status: 0, durationMs: 0 };
  requests.push(entry);
  // Record the status as the head goes out, so a test that has its response also sees the log entry.
  const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    const r = writeHead(...args);
    entry.status = res.statusCode;
    entry.durationMs = performance.now() - start;
    return r;
  }) as typeof res.writeHead;
  res.once('close', () => {
    entry.status = res.headersSent ? res.statusCode : 0;
    entry.durationMs = performance.now() - start;
  });
  const fault = faults.take(method, path, entry.auth !== 'none');
  if (fault) {
    if (fault.latencyMs > 0) await new Promise((r) => setTimeout(r, fault.latencyMs));
    if (faults.apply(fault, req, res, rootUrl)) return null;
  }
  return { method, path, search };
}
