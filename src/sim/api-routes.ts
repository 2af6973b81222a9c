// The /api/v1 routes the simulator serves, each with Gitea's middleware chain in Gitea's order
// (routers/api/v1/api.go): token scope check first, then resource assignment, public-only, guards, handler.

import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  toAccessToken,
  toBranch,
  toBranchProtection,
  toDirEntry,
  toFileContents,
  toOrg,
  toRepo,
  toSecret,
  toUser,
  type ContentsPlace,
} from './api-json.js';
import { apiError, apiNotFound, sendJson, sendStatus, type SimCore } from './core.js';
import { scopeDeniedText, TEXT } from './messages.js';
import {
  hasScopes,
  InvalidScopeError,
  levelForMethod,
  normalizeScopes,
  requiredScopes,
  type ScopeCategory,
} from './scopes.js';
import { Access, type RepoRec, type SecretRec, type TokenRec, type UserRec } from './state.js';

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
type Step = (ctx: ApiCtx) => boolean | Promise<boolean>;

/** One served route: method + swagger path template, its token scope categories, and its chain. */
export interface ApiRoute {
  method: string;
  /** The path template exactly as in gitea-swagger.v1.json (relative to /api/v1). */
  path: string;
  scopes: ScopeCategory[];
  steps: Step[];
}

// ---------- guards (api.go) ----------

const reqToken: Step = (ctx) => {
  if (ctx.doer) return false;
  apiError(ctx.core, ctx.res, 401, TEXT.tokenRequired);
  return true;
};

const reqSiteAdmin: Step = (ctx) => {
  if (ctx.doer?.isAdmin) return false;
  apiError(ctx.core, ctx.res, 403, TEXT.reqSiteAdmin);
  return true;
};

const reqSelfOrAdmin: Step = (ctx) => {
  if (ctx.doer?.isAdmin || (ctx.doer && ctx.doer === ctx.contextUser)) return false;
  apiError(ctx.core, ctx.res, 403, TEXT.reqSelfOrAdmin);
  return true;
};

/** Token routes: a token in the header or query (not Basic) → 401 `auth required` (§4). */
const reqBasicAuth: Step = (ctx) => {
  if (ctx.isBasic) return false;
  apiError(ctx.core, ctx.res, 401, TEXT.authRequired);
  return true;
};

const reqOwner: Step = (ctx) => {
  if (ctx.access >= Access.Owner) return false;
  apiError(ctx.core, ctx.res, 403, TEXT.reqOwner);
  return true;
};

const reqAdmin: Step = (ctx) => {
  if (ctx.access >= Access.Admin) return false;
  apiError(ctx.core, ctx.res, 403, TEXT.reqAdmin);
  return true;
};

const reqRepoReader: Step = (ctx) => {
  if (ctx.access >= Access.Read) return false;
  apiError(ctx.core, ctx.res, 403, TEXT.reqRepoReader);
  return true;
};

const reqAnyRepoReader: Step = (ctx) => {
  if (ctx.access >= Access.Read) return false;
  apiError(ctx.core, ctx.res, 403, TEXT.reqAnyRepoReader);
  return true;
};

const reqOrgOwner: Step = (ctx) => {
  const org = ctx.contextUser!;
  if (ctx.doer?.isAdmin || ctx.core.state.isOrgOwner(org, ctx.doer)) return false;
  apiError(ctx.core, ctx.res, 403, TEXT.reqOrgOwner);
  return true;
};

// ---------- assignments ----------

/** repoAssignment + checkTokenPublicOnly: 404 for a missing or invisible repo, 403 for public-only on private. */
function assignRepoWith(publicOnlyMessage: string): Step {
  return (ctx) => {
    const { state } = ctx.core;
    const owner = state.user(ctx.params.owner!);
    const repo = owner ? state.repo(owner.login, ctx.params.repo!) : undefined;
    if (!repo) {
      apiNotFound(ctx.core, ctx.res);
      return true;
    }
    ctx.repo = repo;
    ctx.contextUser = repo.owner;
    ctx.access = state.access(repo, ctx.doer);
    if (ctx.access === Access.None) {
      apiNotFound(ctx.core, ctx.res);
      return true;
    }
    if (ctx.publicOnly && repo.private) {
      apiError(ctx.core, ctx.res, 403, publicOnlyMessage);
      return true;
    }
    return false;
  };
}

const assignRepo = assignRepoWith(TEXT.publicOnlyRepo);

/** context.UserAssignmentAPI on `{username}` / `{owner}`. */
function assignUser(param: string): Step {
  return (ctx) => {
    const u = ctx.core.state.user(ctx.params[param]!);
    if (!u) {
      apiNotFound(ctx.core, ctx.res);
      return true;
    }
    ctx.contextUser = u;
    return false;
  };
}

/** orgAssignment: only organizations resolve. */
const assignOrg: Step = (ctx) => {
  const o = ctx.core.state.user(ctx.params.org!);
  if (!o || !o.isOrg) {
    apiNotFound(ctx.core, ctx.res);
    return true;
  }
  ctx.contextUser = o;
  return false;
};

// ---------- helpers ----------

const MAX_BODY = 1024 * 1024;

/** Reads a JSON object body; answers 422 itself and returns null when it is not one. */
async function readJson(ctx: ApiCtx): Promise<Record<string, unknown> | null> {
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
function paginate<T>(ctx: ApiCtx, items: T[]): { page: T[]; headers: Record<string, string> } {
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

function sendList<T>(ctx: ApiCtx, items: T[], convert: (t: T) => unknown): true {
  const { page, headers } = paginate(ctx, items);
  sendJson(ctx.res, 200, page.map(convert), headers);
  return true;
}

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

// ---------- handlers: user and tokens ----------

const getSelf: Step = (ctx) => {
  sendJson(ctx.res, 200, toUser(ctx.core.json, ctx.doer!, true, true));
  return true;
};

const getUserInfo: Step = (ctx) => {
  const u = ctx.contextUser!;
  const authed = !!ctx.doer && (ctx.doer.isAdmin || ctx.doer === u);
  sendJson(ctx.res, 200, toUser(ctx.core.json, u, ctx.doer !== null, authed));
  return true;
};

const listTokens: Step = (ctx) =>
  sendList(ctx, ctx.core.state.tokensOf(ctx.contextUser!), (t) =>
    toAccessToken(t, { timestamps: ctx.core.dialect.tokenTimestamps, reveal: false }),
  );

const createToken: Step = async (ctx) => {
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

const deleteToken: Step = (ctx) => {
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

// ---------- handlers: repositories ----------

const getRepo: Step = (ctx) => {
  sendJson(ctx.res, 200, toRepo(ctx.core.json, ctx.repo!, ctx.access));
  return true;
};

/** user_can_push / user_can_merge of convert.ToBranch for the doer. */
function branchJson(ctx: ApiCtx, name: string, commit: Parameters<typeof toBranch>[3]): Record<string, unknown> {
  const repo = ctx.repo!;
  const rule = repo.protections.get(name);
  const canWrite = ctx.doer !== null && ctx.access >= Access.Write;
  const userCanPush = rule ? ctx.core.state.canUserPushProtected(repo, rule, ctx.doer) : canWrite;
  return toBranch(ctx.core.json, repo, name, commit, rule, {
    userCanPush,
    userCanMerge: canWrite,
    isRepoAdmin: ctx.access >= Access.Admin,
  });
}

const listBranches: Step = async (ctx) => {
  const branches = await ctx.core.git.branches(ctx.repo!.dir);
  const names = [...branches.keys()].sort();
  return sendList(ctx, names, (n) => branchJson(ctx, n, branches.get(n)!));
};

const getBranch: Step = async (ctx) => {
  const branches = await ctx.core.git.branches(ctx.repo!.dir);
  const c = branches.get(ctx.params.branch!);
  if (!c) {
    apiNotFound(ctx.core, ctx.res);
    return true;
  }
  sendJson(ctx.res, 200, branchJson(ctx, ctx.params.branch!, c));
  return true;
};

function protectionJson(ctx: ApiCtx, rule: Parameters<typeof toBranchProtection>[0]): Record<string, unknown> {
  return toBranchProtection(rule, (lower) => ctx.core.state.user(lower)?.login ?? lower);
}

const listProtections: Step = (ctx) => {
  sendJson(ctx.res, 200, [...ctx.repo!.protections.values()].sort((a, b) => a.id - b.id).map((r) => protectionJson(ctx, r)));
  return true;
};

const getProtection: Step = (ctx) => {
  const rule = ctx.repo!.protections.get(ctx.params.name!);
  if (!rule) {
    apiNotFound(ctx.core, ctx.res);
    return true;
  }
  sendJson(ctx.res, 200, protectionJson(ctx, rule));
  return true;
};

/** RepoRefForAPI: `?ref=` wins; else a leading branch (longest match) or commit id in the path; else the default branch. */
async function resolveRef(ctx: ApiCtx, path: string): Promise<{ ref: string; refKind: 'branch' | 'commit'; path: string }> {
  const repo = ctx.repo!;
  const explicit = ctx.search.get('ref')?.trim();
  const branches = await ctx.core.git.branches(repo.dir);
  if (explicit) return { ref: explicit, refKind: branches.has(explicit) ? 'branch' : 'commit', path };
  const segs = path.split('/');
  for (let i = segs.length - 1; i >= 1; i--) {
    const candidate = segs.slice(0, i).join('/');
    if (branches.has(candidate)) return { ref: candidate, refKind: 'branch', path: segs.slice(i).join('/') };
  }
  if (segs.length > 1 && /^[0-9a-f]{7,40}$/.test(segs[0]!)) return { ref: segs[0]!, refKind: 'commit', path: segs.slice(1).join('/') };
  return { ref: repo.defaultBranch, refKind: 'branch', path };
}

const getRaw: Step = async (ctx) => {
  const where = await resolveRef(ctx, ctx.params.filepath!);
  const found = await ctx.core.git.lookup(ctx.repo!.dir, where.ref, where.path);
  if (found.kind !== 'file') {
    apiNotFound(ctx.core, ctx.res);
    return true;
  }
  const body = found.file.content;
  const isText = !body.subarray(0, 8000).includes(0);
  const name = where.path.split('/').pop() ?? 'file';
  ctx.res.writeHead(200, {
    'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/octet-stream',
    'Content-Length': body.length,
    'Content-Disposition': `inline; filename="${name.replace(/["\\]/g, '_')}"`,
    'Cache-Control': 'private, max-age=300',
  });
  ctx.res.end(body);
  return true;
};

const getContents: Step = async (ctx) => {
  const repo = ctx.repo!;
  const path = (ctx.params.filepath ?? '').replace(/^\/+|\/+$/g, '');
  const explicit = ctx.search.get('ref')?.trim();
  const ref = explicit || repo.defaultBranch;
  const branches = await ctx.core.git.branches(repo.dir);
  const place: ContentsPlace = { repo, ref, refKind: branches.has(ref) ? 'branch' : 'commit', path };
  const found = await ctx.core.git.lookup(repo.dir, ref, path);
  if (found.kind === 'missing') {
    apiNotFound(ctx.core, ctx.res);
  } else if (found.kind === 'file') {
    sendJson(ctx.res, 200, toFileContents(ctx.core.json, place, found.file));
  } else {
    sendJson(ctx.res, 200, found.entries.map((e) => toDirEntry(ctx.core.json, place, e, found.commitSha)));
  }
  return true;
};

const ACCESS_NAMES = ['none', 'read', 'write', 'admin', 'owner'] as const;

/** GET …/collaborators/{c}/permission (repo.GetRepoPermissions): yourself, repo admins and site admins only. */
const getCollaboratorPermission: Step = (ctx) => {
  const doer = ctx.doer!;
  const name = ctx.params.collaborator!;
  if (!doer.isAdmin && doer.login.toLowerCase() !== name.toLowerCase() && ctx.access < Access.Admin) {
    apiError(
      ctx.core,
      ctx.res,
      403,
      'Only admins can query all permissions, repo admins can query all repo permissions, collaborators can query only their own',
    );
    return true;
  }
  const user = ctx.core.state.user(name);
  if (!user) {
    apiError(ctx.core, ctx.res, 404, `user does not exist [uid: 0, name: ${name}]`);
    return true;
  }
  const mode = ACCESS_NAMES[ctx.core.state.access(ctx.repo!, user)];
  const authed = doer.isAdmin || doer === user;
  sendJson(ctx.res, 200, { permission: mode, role_name: mode, user: toUser(ctx.core.json, user, true, authed) });
  return true;
};

// ---------- handlers: Actions secrets (§7) ----------

const SECRET_NAME = /^[A-Z_][A-Z0-9_]*$/i;
const MAX_SECRET_DATA = 65536;

function secretStore(ctx: ApiCtx, level: 'repo' | 'org' | 'user'): Map<string, SecretRec> {
  if (level === 'repo') return ctx.repo!.secrets;
  if (level === 'org') return ctx.contextUser!.secrets;
  return ctx.doer!.secrets;
}

/** services/secrets/validation.go: pattern, no GITEA_/GITHUB_ prefix, not `CI`; stored uppercased. */
function validSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  return SECRET_NAME.test(name) && !upper.startsWith('GITEA_') && !upper.startsWith('GITHUB_') && upper !== 'CI';
}

function putSecret(level: 'repo' | 'org' | 'user'): Step {
  return async (ctx) => {
    const body = await readJson(ctx);
    if (!body) return true;
    const data = typeof body.data === 'string' ? body.data : '';
    if (data === '') {
      apiError(ctx.core, ctx.res, 422, '[Data]: Required');
      return true;
    }
    const name = ctx.params.secretname!;
    if (!validSecretName(name)) {
      apiError(ctx.core, ctx.res, 400, 'invalid variable or secret name');
      return true;
    }
    if (Buffer.byteLength(data) > MAX_SECRET_DATA) {
      apiError(ctx.core, ctx.res, 400, 'data too long');
      return true;
    }
    const description = typeof body.description === 'string' ? body.description.slice(0, 4096) : '';
    const store = secretStore(ctx, level);
    const upper = name.toUpperCase();
    const existing = store.get(upper);
    if (existing) {
      existing.data = data;
      existing.description = description;
      sendStatus(ctx.res, 204);
    } else {
      store.set(upper, { name: upper, data, description, createdAt: new Date() });
      sendStatus(ctx.res, 201);
    }
    return true;
  };
}

function deleteSecret(level: 'repo' | 'org' | 'user'): Step {
  return (ctx) => {
    const store = secretStore(ctx, level);
    const name = ctx.params.secretname!;
    if (!validSecretName(name)) {
      apiError(ctx.core, ctx.res, 400, 'invalid variable or secret name');
      return true;
    }
    if (!store.delete(name.toUpperCase())) {
      apiError(ctx.core, ctx.res, 404, 'secret was not found [name: ]');
      return true;
    }
    sendStatus(ctx.res, 204);
    return true;
  };
}

function listSecrets(level: 'repo' | 'org'): Step {
  return (ctx) => {
    const all = [...secretStore(ctx, level).values()].sort((a, b) => a.name.localeCompare(b.name));
    return sendList(ctx, all, toSecret);
  };
}

// ---------- handlers: the other scope categories ----------

const emptyList: Step = (ctx) => sendList(ctx, [], (x) => x);

const getOrg: Step = (ctx) => {
  sendJson(ctx.res, 200, toOrg(ctx.core.json, ctx.contextUser!));
  return true;
};

const listAdminUsers: Step = (ctx) => {
  const users = [...ctx.core.state.users.values()].filter((u) => !u.isOrg).sort((a, b) => a.id - b.id);
  return sendList(ctx, users, (u) => toUser(ctx.core.json, u, true, true));
};

const getVersion: Step = (ctx) => {
  const d = ctx.core.dialect;
  sendJson(ctx.res, 200, { version: d.flavor === 'gitea' ? d.version : `${d.version}+gitea-1.22.0` });
  return true;
};

// ---------- handlers: edits, and lookups in stores the simulator keeps empty ----------

/** PATCH /repos/{o}/{r} (repo.Edit): `private` and `default_branch` are applied; other EditRepoOption fields are ignored. */
const editRepo: Step = async (ctx) => {
  const body = await readJson(ctx);
  if (!body) return true;
  const repo = ctx.repo!;
  if (typeof body.private === 'boolean') repo.private = body.private;
  if (typeof body.default_branch === 'string') {
    // Gitea only switches to a branch that exists; anything else is silently kept.
    const branches = await ctx.core.git.branches(repo.dir);
    if (branches.has(body.default_branch)) repo.defaultBranch = body.default_branch;
  }
  repo.updated = new Date();
  sendJson(ctx.res, 200, toRepo(ctx.core.json, repo, ctx.access));
  return true;
};

/** PATCH /orgs/{org} (org.Edit): `full_name` is applied; other EditOrgOption fields are ignored. */
const editOrg: Step = async (ctx) => {
  const body = await readJson(ctx);
  if (!body) return true;
  const org = ctx.contextUser!;
  if (typeof body.full_name === 'string') org.fullName = body.full_name;
  sendJson(ctx.res, 200, toOrg(ctx.core.json, org));
  return true;
};

/** Issues, packages and notification threads are never created in the simulator, so every lookup misses (404). */
const lookupMisses: Step = (ctx) => {
  apiNotFound(ctx.core, ctx.res);
  return true;
};

// ---------- the route table ----------

const repo = [assignRepo];

/** Every API route the simulator serves (swagger-conformance.test.ts checks each exists in Gitea's swagger). */
export const API_ROUTES: ApiRoute[] = [
  { method: 'GET', path: '/version', scopes: [], steps: [getVersion] },
  { method: 'GET', path: '/user', scopes: ['user'], steps: [reqToken, getSelf] },
  { method: 'PUT', path: '/user/actions/secrets/{secretname}', scopes: ['user'], steps: [reqToken, putSecret('user')] },
  { method: 'DELETE', path: '/user/actions/secrets/{secretname}', scopes: ['user'], steps: [reqToken, deleteSecret('user')] },
  { method: 'GET', path: '/users/{username}/tokens', scopes: ['user'], steps: [assignUser('username'), reqSelfOrAdmin, reqBasicAuth, listTokens] },
  { method: 'POST', path: '/users/{username}/tokens', scopes: ['user'], steps: [assignUser('username'), reqSelfOrAdmin, reqBasicAuth, reqToken, createToken] },
  { method: 'DELETE', path: '/users/{username}/tokens/{token}', scopes: ['user'], steps: [assignUser('username'), reqSelfOrAdmin, reqBasicAuth, reqToken, deleteToken] },
  { method: 'GET', path: '/users/{username}', scopes: ['user'], steps: [assignUser('username'), getUserInfo] },
  { method: 'GET', path: '/repos/issues/search', scopes: ['issue'], steps: [emptyList] },
  { method: 'GET', path: '/repos/{owner}/{repo}', scopes: ['repository'], steps: [...repo, reqAnyRepoReader, getRepo] },
  { method: 'GET', path: '/repos/{owner}/{repo}/branches', scopes: ['repository'], steps: [...repo, reqRepoReader, listBranches] },
  { method: 'GET', path: '/repos/{owner}/{repo}/branches/{branch}', scopes: ['repository'], steps: [...repo, reqRepoReader, getBranch] },
  { method: 'GET', path: '/repos/{owner}/{repo}/branch_protections', scopes: ['repository'], steps: [...repo, reqToken, reqAdmin, listProtections] },
  { method: 'GET', path: '/repos/{owner}/{repo}/branch_protections/{name}', scopes: ['repository'], steps: [...repo, reqToken, reqAdmin, getProtection] },
  { method: 'GET', path: '/repos/{owner}/{repo}/collaborators/{collaborator}/permission', scopes: ['repository'], steps: [...repo, reqToken, getCollaboratorPermission] },
  { method: 'GET', path: '/repos/{owner}/{repo}/raw/{filepath}', scopes: ['repository'], steps: [...repo, reqRepoReader, getRaw] },
  { method: 'GET', path: '/repos/{owner}/{repo}/contents', scopes: ['repository'], steps: [...repo, reqRepoReader, getContents] },
  { method: 'GET', path: '/repos/{owner}/{repo}/contents/{filepath}', scopes: ['repository'], steps: [...repo, reqRepoReader, getContents] },
  { method: 'GET', path: '/repos/{owner}/{repo}/actions/secrets', scopes: ['repository'], steps: [...repo, reqToken, reqOwner, listSecrets('repo')] },
  { method: 'PUT', path: '/repos/{owner}/{repo}/actions/secrets/{secretname}', scopes: ['repository'], steps: [...repo, reqToken, reqOwner, putSecret('repo')] },
  { method: 'DELETE', path: '/repos/{owner}/{repo}/actions/secrets/{secretname}', scopes: ['repository'], steps: [...repo, reqToken, reqOwner, deleteSecret('repo')] },
  { method: 'PATCH', path: '/repos/{owner}/{repo}', scopes: ['repository'], steps: [...repo, reqToken, reqAdmin, editRepo] },
  // Separate /repos groups in api.go: these need only the notification or issue scope, not repository.
  { method: 'GET', path: '/repos/{owner}/{repo}/notifications', scopes: ['notification'], steps: [...repo, reqToken, emptyList] },
  { method: 'GET', path: '/repos/{owner}/{repo}/issues/{index}', scopes: ['issue'], steps: [assignRepoWith(TEXT.publicOnlyIssue), reqRepoReader, lookupMisses] },
  { method: 'PATCH', path: '/repos/{owner}/{repo}/issues/{index}', scopes: ['issue'], steps: [assignRepoWith(TEXT.publicOnlyIssue), reqRepoReader, reqToken, lookupMisses] },
  { method: 'GET', path: '/orgs/{org}', scopes: ['organization'], steps: [assignOrg, getOrg] },
  { method: 'PATCH', path: '/orgs/{org}', scopes: ['organization'], steps: [assignOrg, reqToken, reqOrgOwner, editOrg] },
  { method: 'GET', path: '/orgs/{org}/actions/secrets', scopes: ['organization'], steps: [assignOrg, reqToken, reqOrgOwner, listSecrets('org')] },
  { method: 'PUT', path: '/orgs/{org}/actions/secrets/{secretname}', scopes: ['organization'], steps: [assignOrg, reqToken, reqOrgOwner, putSecret('org')] },
  { method: 'DELETE', path: '/orgs/{org}/actions/secrets/{secretname}', scopes: ['organization'], steps: [assignOrg, reqToken, reqOrgOwner, deleteSecret('org')] },
  { method: 'GET', path: '/notifications', scopes: ['notification'], steps: [reqToken, emptyList] },
  { method: 'GET', path: '/notifications/threads/{id}', scopes: ['notification'], steps: [reqToken, lookupMisses] },
  { method: 'PATCH', path: '/notifications/threads/{id}', scopes: ['notification'], steps: [reqToken, lookupMisses] },
  { method: 'GET', path: '/packages/{owner}', scopes: ['package'], steps: [assignUser('owner'), reqToken, emptyList] },
  { method: 'GET', path: '/packages/{owner}/{type}/{name}/{version}', scopes: ['package'], steps: [assignUser('owner'), lookupMisses] },
  { method: 'DELETE', path: '/packages/{owner}/{type}/{name}/{version}', scopes: ['package'], steps: [assignUser('owner'), lookupMisses] },
  { method: 'GET', path: '/admin/users', scopes: ['admin'], steps: [reqToken, reqSiteAdmin, listAdminUsers] },
];

// ---------- matching ----------

/** Path parameters that may contain slashes (Gitea mounts them as `/*`). */
const GREEDY = new Set(['filepath', 'branch']);

interface Compiled {
  route: ApiRoute;
  re: RegExp;
  names: string[];
}

function compile(route: ApiRoute): Compiled {
  const names: string[] = [];
  const src = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return GREEDY.has(name) ? '(.+)' : '([^/]+)';
  });
  return { route, re: new RegExp(`^${src}/?$`), names };
}

const COMPILED = API_ROUTES.map(compile);

/** Finds the route for a method and a path below /api/v1 (HEAD matches GET routes). */
export function matchRoute(method: string, path: string): { route: ApiRoute; params: Record<string, string> } | null {
  for (const c of COMPILED) {
    if (c.route.method !== method && !(method === 'HEAD' && c.route.method === 'GET')) continue;
    const m = c.re.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    c.names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1]!);
    });
    return { route: c.route, params };
  }
  return null;
}

/** tokenRequiresScopes: only PAT auth is scope-checked; runs before any lookup, so a missing repo still gets 403. */
function checkScopes(ctx: ApiCtx, categories: ScopeCategory[]): boolean {
  if (categories.length === 0 || !ctx.token) return false;
  const level = levelForMethod(ctx.method);
  if (!hasScopes(ctx.token.scopeSet, level, categories)) {
    apiError(ctx.core, ctx.res, 403, scopeDeniedText(ctx.core.dialect, requiredScopes(level, categories), ctx.token.scope));
    return true;
  }
  ctx.publicOnly = ctx.token.scopeSet.publicOnly;
  return false;
}

/** Runs a matched route's chain. */
export async function runRoute(ctx: ApiCtx, route: ApiRoute): Promise<void> {
  if (checkScopes(ctx, route.scopes)) return;
  for (const step of route.steps) {
    if (await step(ctx)) return;
  }
  // A chain always ends in a handler; reaching here is a simulator bug worth a loud 500.
  apiError(ctx.core, ctx.res, 500, 'forge simulator: route chain did not answer');
}
