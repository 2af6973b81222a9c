// How Gitea turns a request's credentials into a user (reference §1.1, §1.2): header tokens, Basic with the token
// in either field, query tokens, password login, and every path by which a bad credential becomes anonymous.

import type { IncomingMessage } from 'node:http';
import { resolveDialect, userNotExistText, type Dialect } from './messages.js';
import type { SimRequestLog } from './types.js';
import { key, type SimState, type TokenRec, type UserRec } from './state.js';

/** How the client presented a credential, classified syntactically (never the value). */
export type Presentation = SimRequestLog['auth'];

/** The settings auth depends on. */
export interface AuthSettings {
  dialect: Dialect;
  queryAuth: boolean;
  basicAuth: boolean;
}

/** Outcome of authentication: a signed-in doer, anonymous, or a refusal (401 with `message`). */
export type AuthResult =
  | { kind: 'anonymous' }
  | {
      kind: 'signed';
      user: UserRec;
      /** Set when a PAT authenticated (scope checks apply). */
      token: TokenRec | null;
      /** Authenticated by the Basic method (password or PAT in Basic). */
      isBasic: boolean;
    }
  | { kind: 'error'; message: string };

const TOKEN_RE = /^[0-9a-f]{40}$/;

/** Query-string token as Gitea reads it (`token` first, then `access_token`); empty values do not count. */
export function queryToken(search: URLSearchParams | null): string | null {
  if (!search) return null;
  return search.get('token') || search.get('access_token') || null;
}

/** Classifies the Authorization header and query for the request log. */
export function presentation(req: IncomingMessage, search: URLSearchParams | null): Presentation {
  if (queryToken(search)) return 'query';
  const header = req.headers.authorization;
  if (header === undefined) return 'none';
  const parts = header.trim().split(/\s+/);
  if (parts.length !== 2) return 'malformed';
  const scheme = parts[0]!.toLowerCase();
  if (scheme === 'token') return 'token-header';
  if (scheme === 'bearer') return 'bearer-header';
  if (scheme === 'basic') return 'basic';
  return 'malformed';
}

/** The token from `Authorization: token|Bearer X`, with the release's case rule; null if not such a header. */
function headerToken(header: string | undefined, d: Dialect): string | null {
  if (!header) return null;
  const parts = header.trim().split(/\s+/);
  if (parts.length !== 2) return null;
  const scheme = parts[0]!;
  const lower = scheme.toLowerCase();
  if (lower === 'bearer') return parts[1]!;
  if (lower === 'token' && (d.anyCaseTokenScheme || scheme === 'token')) return parts[1]!;
  return null;
}

/** Username and password of a `Basic` header; null when absent or undecodable (then Basic does not apply). */
function basicCredentials(header: string | undefined): { user: string; pass: string } | null {
  if (!header) return null;
  const parts = header.trim().split(/\s+/);
  if (parts.length !== 2 || parts[0]!.toLowerCase() !== 'basic') return null;
  const b64 = parts[1]!;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return null;
  const decoded = Buffer.from(b64, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
}

/** A PAT by value: only 40 lowercase hex characters are looked up (GetAccessTokenBySHA). */
function findToken(state: SimState, value: string): TokenRec | null {
  if (!TOKEN_RE.test(value)) return null;
  return state.tokens.get(value) ?? null;
}

function refuse(settings: AuthSettings, rawError: string): AuthResult {
  return { kind: 'error', message: settings.dialect.genericAuthMessage ?? rawError };
}

function tokenUsed(token: TokenRec, isBasic: boolean): AuthResult {
  token.lastUsedAt = new Date();
  return { kind: 'signed', user: token.owner, token, isBasic };
}

/** Authenticates a request the way Gitea's API and git auth groups do (OAuth2/token, then Basic). */
export function authenticate(
  state: SimState,
  settings: AuthSettings,
  req: IncomingMessage,
  search: URLSearchParams | null,
): AuthResult {
  const d = settings.dialect;
  // 1. Token (OAuth2 method): query string wins over the header, unless query auth is off or removed.
  let candidate: string | null = null;
  if (settings.queryAuth && !d.queryTokensRemoved) candidate = queryToken(search);
  candidate ??= headerToken(req.headers.authorization, d);
  if (candidate !== null) {
    const token = findToken(state, candidate);
    if (!token) return refuse(settings, userNotExistText(0, ''));
    return tokenUsed(token, false);
  }
  // 2. Basic: the token is the username when the password is empty or x-oauth-basic, else the password.
  const basic = basicCredentials(req.headers.authorization);
  if (!basic) return { kind: 'anonymous' };
  const usernameIsToken = basic.pass === '' || basic.pass === 'x-oauth-basic';
  const token = findToken(state, usernameIsToken ? basic.user : basic.pass);
  if (token) return tokenUsed(token, true);
  // 3. Password login only when ENABLE_BASIC_AUTHENTICATION is on; otherwise Basic is "not applicable".
  if (!settings.basicAuth) return { kind: 'anonymous' };
  const user = state.users.get(key(basic.user.trim()));
  if (!user || user.isOrg) return refuse(settings, userNotExistText(0, basic.user));
  if (user.password === undefined || user.password !== basic.pass) {
    return refuse(settings, `user's password is invalid [uid: ${user.id}, name: ${user.login}]`);
  }
  if (user.prohibitLogin) return refuse(settings, `user is not allowed login [uid: ${user.id}, name: ${user.login}]`);
  user.lastLogin = new Date();
  return { kind: 'signed', user, token: null, isBasic: true };
}

/** Default auth settings for a flavor (used by tests of this module). */
export function defaultAuthSettings(flavor: 'gitea' | 'forgejo' = 'gitea', version = '1.26.0'): AuthSettings {
  return { dialect: resolveDialect(flavor, version), queryAuth: flavor === 'gitea', basicAuth: true };
}
