// Handlers for the user and token routes (routers/api/v1/user/*.go; reference §2, §4, §5).

import { toAccessToken, toUser } from './api-json.js';
import { readJson, sendList, type Step } from './api-context.js';
import { apiError, apiNotFound, sendJson, sendStatus } from './core.js';
import { InvalidScopeError, normalizeScopes } from './scopes.js';
import type { TokenRec } from './state.js';

/** Go's strconv.ParseInt(s, 0, 64) for the token delete route: 0x/0o/0b prefixes, leading-0 octal. */
function parseGoInt(s: string): number | null {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return null;
  const body = m[2]!;
  let n: number;
  if (/^0[xX]/.test(body)) n = Number.parseInt(body.slice(2), 16);
  else if (/^0[oO]/.test(body)) n = Number.parseInt(body.slice(2), 8);
  else if (/^0[bB]/.test(body)) n = Number.parseInt(body.slice(2), 2);
  else if (body.length > 1 && body.startsWith('0')) n = Number.parseInt(body.slice(1), 8);
  else n = Number.parseInt(body, 10);
  return m[1] === '-' ? -n : n;
}

/** GET /user: the doer with the private fields (self). */
export const getSelf: Step = (ctx) => {
  sendJson(ctx.res, 200, toUser(ctx.core.json, ctx.doer!, true, true));
  return true;
};

/** GET /users/{username}: private fields only for the user themselves or an admin. */
export const getUserInfo: Step = (ctx) => {
  const u = ctx.contextUser!;
  const authed = !!ctx.doer && (ctx.doer.isAdmin || ctx.doer === u);
  sendJson(ctx.res, 200, toUser(ctx.core.json, u, ctx.doer !== null, authed));
  return true;
};

/** GET /users/{u}/tokens: newest first, `sha1` empty, paginated. */
export const listTokens: Step = (ctx) =>
  sendList(ctx, ctx.core.state.tokensOf(ctx.contextUser!), (t) =>
    toAccessToken(t, { timestamps: ctx.core.dialect.tokenTimestamps, reveal: false }),
  );

/** POST /users/{u}/tokens: validates name and scopes in Gitea's order; the token is shown once. */
export const createToken: Step = async (ctx) => {
  const body = await readJson(ctx);
  if (!body) return true;
  const name = typeof body.name === 'string' ? body.name : '';
  if (name === '') {
    apiError(ctx.core, ctx.res, 422, '[Name]: Required');
    return true;
  }
  const owner = ctx.contextUser!;
  if (ctx.core.state.tokensOf(owner).some((t) => t.name === name)) {
    apiError(ctx.core, ctx.res, 400, 'access token name has been used already');
    return true;
  }
  const names = Array.isArray(body.scopes) ? body.scopes.filter((s): s is string => typeof s === 'string') : [];
  let scope: string;
  try {
    scope = normalizeScopes(names);
  } catch (e) {
    if (!(e instanceof InvalidScopeError)) throw e;
    apiError(ctx.core, ctx.res, 400, `invalid access token scope provided: ${e.message}`);
    return true;
  }
  if (scope === '') {
    apiError(ctx.core, ctx.res, 400, 'access token must have a scope');
    return true;
  }
  const t = ctx.core.state.addToken(owner, name, scope);
  sendJson(ctx.res, 201, toAccessToken(t, { timestamps: ctx.core.dialect.tokenTimestamps, reveal: true }));
  return true;
};

/** DELETE /users/{u}/tokens/{id-or-name}: a non-zero Go integer is an id, anything else a name. */
export const deleteToken: Step = (ctx) => {
  const { state } = ctx.core;
  const owner = ctx.contextUser!;
  const raw = ctx.params.token!;
  const id = parseGoInt(raw);
  let target: TokenRec | undefined;
  if (id !== null && id !== 0) {
    target = state.tokensOf(owner).find((t) => t.id === id);
  } else {
    const matches = state.tokensOf(owner).filter((t) => t.name === raw);
    if (matches.length > 1) {
      apiError(ctx.core, ctx.res, 422, `multiple matches for token name '${raw}'`);
      return true;
    }
    target = matches[0];
  }
  if (!target) {
    apiNotFound(ctx.core, ctx.res);
    return true;
  }
  state.tokens.delete(target.token);
  sendStatus(ctx.res, 204);
  return true;
};

