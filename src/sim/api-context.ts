// The per-request context of an API route and the small helpers its handlers share (body, pagination).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiError, sendJson, type SimCore } from './core.js';
import type { ScopeCategory } from './scopes.js';
import type { Access, RepoRec, TokenRec, UserRec } from './state.js';

/** Per-request state the middleware chain fills in. */
export interface ApiCtx {
  core: SimCore;
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  search: URLSearchParams;
  params: Record<string, string>;
  doer: UserRec | null;
  token: TokenRec | null;
  isBasic: boolean;
  repo: RepoRec | null;
  access: Access;
  contextUser: UserRec | null;
  /** Set by the scope check when the token is public-only. */
  publicOnly: boolean;
}

/** A middleware step or handler; returns true once it has answered. */
export type Step = (ctx: ApiCtx) => boolean | Promise<boolean>;

/** One served route: method + swagger path template, its token scope categories, and its chain. */
export interface ApiRoute {
  method: string;
  /** The path template exactly as in gitea-swagger.v1.json (relative to /api/v1). */
  path: string;
  scopes: ScopeCategory[];
  steps: Step[];
}

const MAX_BODY = 1024 * 1024;

/** Reads a JSON object body; answers 422 itself and returns null when it is not one. */
export async function readJson(ctx: ApiCtx): Promise<Record<string, unknown> | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) {
      apiError(ctx.core, ctx.res, 413, 'request body too large');
      return null;
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through to the binding error
  }
  apiError(ctx.core, ctx.res, 422, '[]: invalid JSON body');
  return null;
}

/** Page slice with X-Total-Count and Link, defaults page 1, limit 30, max 50 (§9). */
export function paginate<T>(ctx: ApiCtx, items: T[]): { page: T[]; headers: Record<string, string> } {
  const page = Math.max(1, Number.parseInt(ctx.search.get('page') ?? '', 10) || 1);
  let limit = Number.parseInt(ctx.search.get('limit') ?? '', 10) || 30;
  if (limit <= 0) limit = 30;
  if (limit > 50) limit = 50;
  const headers: Record<string, string> = { 'X-Total-Count': String(items.length) };
  const pages = Math.max(1, Math.ceil(items.length / limit));
  if (page < pages) {
    const base = `${ctx.core.rootUrl}api/v1${(ctx.req.url ?? '').split('?')[0]!.replace(/^\/api\/v1/, '')}`;
    headers.Link = `<${base}?limit=${limit}&page=${page + 1}>; rel="next",<${base}?limit=${limit}&page=${pages}>; rel="last"`;
  }
  return { page: items.slice((page - 1) * limit, page * limit), headers };
}

/** Answers 200 with one page of `items`, converted, and the pagination headers. */
export function sendList<T>(ctx: ApiCtx, items: T[], convert: (t: T) => unknown): true {
  const { page, headers } = paginate(ctx, items);
  sendJson(ctx.res, 200, page.map(convert), headers);
  return true;
}

