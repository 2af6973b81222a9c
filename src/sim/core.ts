// Shared pieces of a running simulator: settings, model, git store, and the JSON/plain response helpers
// with Gitea's error body shapes (services/context/api.go).

import type { ChildProcess } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import type { AuthSettings } from './auth.js';
import type { JsonEnv } from './api-json.js';
import type { GitStore } from './git-store.js';
import type { Dialect } from './messages.js';
import type { SimState } from './state.js';

/** Everything a request handler may consult. */
export interface SimCore {
  state: SimState;
  git: GitStore;
  dialect: Dialect;
  auth: AuthSettings;
  requireSigninView: boolean;
  rootUrl: string;
  json: JsonEnv;
  /** Running `git http-backend` children, so stop() can end them. */
  children: Set<ChildProcess>;
}

/** Sends a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json;charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Sends a plain-text body with a trailing newline, as Go's http.Error does. */
export function sendPlain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = `${text}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** Sends a body-less status (204, 201 without content). */
export function sendStatus(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/** `ctx.APIError(status, msg)`: `{message, url}`. */
export function apiError(core: SimCore, res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { message, url: `${core.rootUrl}api/swagger` });
}

/** `ctx.APIErrorNotFound()`: `{message, url, errors: null}` with the release's not-found text (reference §1.3). */
export function apiNotFound(core: SimCore, res: ServerResponse): void {
  sendJson(res, 404, { message: core.dialect.notFoundMessage, url: `${core.rootUrl}api/swagger`, errors: null });
}
