// The GitHub mode of the forge simulator: the REST API as GitHub Enterprise Server lays it out (`/api/v3`),
// git smart HTTP at `/{owner}/{repo}.git`, and the behaviours of github-gitlab-ci-facts.md §1–§3 and §6,
// including the ones that mislead a naive canary: scopes only in a header, fine-grained tokens without one,
// installation tokens that `/user` refuses, rate limits answered with 403, 404 for what a token may not see.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { runGitBackend } from '../git-bridge.js';
import { basicPair, gitPathParts, isReceivePack, sendJsonBody, sendText, startHostedServer, type HostedRequest } from '../hosted/server.js';
import type { FaultRule, SimRepoInput, SimRequestLog } from '../types.js';
import { branchProtection, branchWithProtection, contentFile, fullRepository, fullUser, repository, type GhUrls } from './json.js';
import {
  coversScope,
  GhState,
  ghKey,
  holds,
  newTokenValue,
  normaliseScopes,
  roleRank,
  type GhLevel,
  type GhProtection,
  type GhRepo,
  type GhRole,
  type GhToken,
} from './model.js';

/** Options of the GitHub mode. */
export interface GitHubSimOptions {
  dataDir?: string;
  /** Primary rate limit per token (anonymous: per client, 60). Default 5000. */
  rateLimit?: number;
}

/** Inputs of a token; `expiresAt` adds the GitHub-Authentication-Token-Expiration header. */
interface TokenInputBase {
  expiresAt?: Date;
  expiryFormat?: 'utc' | 'offset';
}

/** A running GitHub simulator. */
export interface GitHubSim {
  /** Web and git base, `http://127.0.0.1:PORT`. */
  url: string;
  /** REST base, `${url}/api/v3`. */
  apiUrl: string;
  requests: SimRequestLog[];
  faults: { add(rule: FaultRule): void; clear(): void };
  addUser(login: string, opts?: { name?: string }): void;
  addOrg(login: string, opts?: { owners?: string[]; sso?: boolean }): void;
  addRepo(input: SimRepoInput): void;
  setCollaborator(repo: string, login: string, role: GhRole): void;
  protectBranch(repo: string, branch: string, rule?: { restrictUsers?: string[]; requireReviews?: boolean; enforceAdmins?: boolean; lockBranch?: boolean }): void;
  /** A classic PAT (`ghp_…`); scopes are stored normalised and echoed in X-OAuth-Scopes; `ssoAuthorized` names SSO orgs it may reach. */
  addClassicToken(login: string, input: TokenInputBase & { scopes: string[]; ssoAuthorized?: string[] }): string;
  /** A fine-grained PAT (`github_pat_…`) with repository permissions on the selected repositories. */
  addFineGrainedToken(login: string, input: TokenInputBase & { permissions: Record<string, GhLevel>; repositories: string[] | 'all' }): string;
  /** An App installation token (`ghs_…`), acting as the App on the selected repositories. */
  addInstallationToken(input: TokenInputBase & { appSlug: string; permissions: Record<string, GhLevel>; repositories: string[] | 'all' }): string;
  revokeToken(token: string): void;
  /** Uses up the primary rate limit of a token (null: anonymous callers); GitHub answers 403 or 429 then. */
  exhaustRateLimit(token: string | null, status?: 403 | 429): void;
  /** The next `times` API requests hit a secondary rate limit (403 or 429, with Retry-After when given). */
  secondaryRateLimit(opts: { times: number; retryAfter?: number; status?: 403 | 429 }): void;
  stop(): Promise<void>;
}

/** Every REST route the mode serves, as OpenAPI path templates (github-conformance.test.ts checks each). */
export const GITHUB_ROUTES: ReadonlyArray<readonly ['get', string]> = [
  ['get', '/user'],
  ['get', '/users/{username}'],
  ['get', '/repos/{owner}/{repo}'],
  ['get', '/repos/{owner}/{repo}/branches/{branch}'],
  ['get', '/repos/{owner}/{repo}/branches/{branch}/protection'],
  ['get', '/repos/{owner}/{repo}/contents/{path}'],
  ['get', '/installation/repositories'],
  ['get', '/rate_limit'],
];

const DOCS = 'https://docs.github.com/rest';
const API = '/api/v3';

interface Bucket {
  limit: number;
  used: number;
  reset: number;
  status: 403 | 429;
}

/** The caller of one API request. */
interface Caller {
  token: GhToken | null;
  bucket: Bucket;
  headers: Record<string, string>;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2026-12-10 12:00:00 UTC`, or the same instant at +02:00 as `2026-12-10 14:00:00 +0200`. */
export function expiryHeader(at: Date, format: 'utc' | 'offset'): string {
  const d = format === 'offset' ? new Date(at.getTime() + 2 * 3600_000) : at;
  const text = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${text} ${format === 'offset' ? '+0200' : 'UTC'}`;
}

/** Starts the GitHub mode on 127.0.0.1 with an ephemeral port. */
export async function startGitHubSim(options: GitHubSimOptions = {}): Promise<GitHubSim> {
  const state = new GhState();
  const buckets = new Map<string, Bucket>();
  const secondary: Array<{ times: number; retryAfter?: number; status: 403 | 429 }> = [];
  const limit = options.rateLimit ?? 5000;
  let urls: GhUrls = { api: '', web: '' };

  const bucketFor = (key: string, max: number): Bucket => {
    let b = buckets.get(key);
    const now = Math.floor(Date.now() / 1000);
    if (!b || b.reset <= now) {
      b = { limit: max, used: 0, reset: now + 3600, status: b?.status ?? 403 };
      buckets.set(key, b);
    }
    return b;
  };

  const server = await startHostedServer(options.dataDir, async (r) => {
    if (r.path === API || r.path.startsWith(`${API}/`)) return api(r, r.path.slice(API.length) || '/');
    const git = gitPathParts(r.path);
    if (git) return serveGit(r, git.full, git.rest);
    r.req.resume();
    sendText(r.res, 404, 'Not Found');
  });
  urls = { api: `${server.url}${API}`, web: server.url };

  const error = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}, doc = DOCS): void => {
    sendJsonBody(res, status, { message, documentation_url: doc, status: String(status) }, headers);
  };

  /** The token a request presents, or 'bad' when it presents one GitHub does not accept. */
  const presented = (req: IncomingMessage): GhToken | null | 'bad' => {
    const header = req.headers.authorization;
    if (header === undefined) return null;
    const parts = header.trim().split(/\s+/);
    let value: string | null = null;
    if (parts.length === 2 && /^(token|bearer)$/i.test(parts[0]!)) value = parts[1]!;
    else value = basicPair(header)?.pass ?? null;
    const token = value ? state.tokens.get(value) : undefined;
    if (!token || token.revoked || (token.expiresAt && token.expiresAt.getTime() <= Date.now())) return 'bad';
    return token;
  };

  async function api(r: HostedRequest, path: string): Promise<void> {
    const { req, res } = r;
    const token = presented(req);
    if (token === 'bad') return error(res, 401, 'Bad credentials');
    const bucket = token
      ? bucketFor(`t:${token.value}`, token.kind === 'installation' ? Math.max(limit, 5000) : limit)
      : bucketFor(`ip:${req.socket.remoteAddress ?? ''}`, 60);
    const headers: Record<string, string> = { 'X-GitHub-Media-Type': 'github.v3; format=json', 'X-GitHub-Request-Id': `SIM:${Math.random().toString(16).slice(2, 10)}` };
    if (token?.kind === 'classic') headers['X-OAuth-Scopes'] = token.scopes.join(', ');
    if (token?.expiresAt) headers['GitHub-Authentication-Token-Expiration'] = expiryHeader(token.expiresAt, token.expiryFormat);
    const free = path === '/rate_limit';
    const rateHeaders = (): Record<string, string> => ({
      'x-ratelimit-limit': String(bucket.limit),
      'x-ratelimit-remaining': String(Math.max(0, bucket.limit - bucket.used)),
      'x-ratelimit-used': String(bucket.used),
      'x-ratelimit-reset': String(bucket.reset),
      'x-ratelimit-resource': 'core',
    });
    const sec = secondary[0];
    if (sec && !free) {
      if (--sec.times <= 0) secondary.shift();
      const extra: Record<string, string> = sec.retryAfter !== undefined ? { 'Retry-After': String(sec.retryAfter) } : {};
      return error(res, sec.status, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', { ...headers, ...rateHeaders(), ...extra },
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits');
    }
    if (!free) {
      if (bucket.used >= bucket.limit) {
        const who = token ? `user ID ${token.user?.id ?? 0}` : (req.socket.remoteAddress ?? '127.0.0.1');
        return error(res, bucket.status, `API rate limit exceeded for ${who}.`, { ...headers, ...rateHeaders() },
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits');
      }
      bucket.used += 1;
    }
    Object.assign(headers, rateHeaders());
    await route({ ...r, token, bucket, headers }, path);
  }

  type Ctx = HostedRequest & Caller;

  const notFound = (c: Ctx, doc = DOCS): void => error(c.res, 404, 'Not Found', c.headers, doc);

  /** 403 for a fine-grained or installation token without the permission, naming it (troubleshooting page). */
  const lacks = (c: Ctx, permission: string, level: 'read' | 'write'): boolean => {
    const t = c.token;
    if (!t || t.kind === 'classic' || holds(t, permission, level)) return false;
    const by = t.kind === 'installation' ? 'integration' : 'personal access token';
    error(c.res, 403, `Resource not accessible by ${by}`, { ...c.headers, 'X-Accepted-GitHub-Permissions': `${permission}=${level}` });
    return true;
  };

  const repoFor = (c: Ctx, owner: string, name: string, scopeHeader = 'repo'): GhRepo | null => {
    if (c.token?.kind === 'classic') c.headers['X-Accepted-OAuth-Scopes'] = scopeHeader;
    const repo = state.repo(`${owner}/${name}`);
    // A classic PAT not authorised for an org enforcing SAML SSO: 403 with X-GitHub-SSO (authenticating-to-the-rest-api.md).
    const t = c.token;
    if (repo && t?.kind === 'classic' && repo.owner.sso && !t.ssoAuthorized.has(ghKey(repo.owner.login))) {
      error(c.res, 403, `Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.`,
        { ...c.headers, 'X-GitHub-SSO': `required; url=${urls.web}/orgs/${repo.owner.login}/sso?authorization_request=sim` });
      return null;
    }
    if (!repo || !state.visible(repo, c.token)) {
      notFound(c, `${DOCS}/repos/repos#get-a-repository`);
      return null;
    }
    return repo;
  };

  async function route(c: Ctx, path: string): Promise<void> {
    const parts = path.split('/').slice(1).map((p) => decodeURIComponent(p));
    const get = c.method === 'GET' || c.method === 'HEAD';
    if (!get) return notFound(c);
    if (path === '/user') {
      if (!c.token) return error(c.res, 401, 'Requires authentication', c.headers, `${DOCS}/users/users#get-the-authenticated-user`);
      if (c.token.kind === 'classic') c.headers['X-Accepted-OAuth-Scopes'] = '';
      if (!c.token.user) return error(c.res, 403, 'Resource not accessible by integration', c.headers, `${DOCS}/users/users#get-the-authenticated-user`);
      return sendJsonBody(c.res, 200, fullUser(urls, c.token.user, true), c.headers);
    }
    if (parts[0] === 'users' && parts.length === 2) {
      const u = state.user(parts[1]!);
      return u ? sendJsonBody(c.res, 200, fullUser(urls, u, false), c.headers) : notFound(c);
    }
    if (path === '/rate_limit') {
      const core = { limit: c.bucket.limit, remaining: Math.max(0, c.bucket.limit - c.bucket.used), reset: c.bucket.reset, used: c.bucket.used };
      const search = { limit: 30, remaining: 30, reset: c.bucket.reset, used: 0 };
      return sendJsonBody(c.res, 200, { resources: { core, search }, rate: core }, c.headers);
    }
    if (path === '/installation/repositories') {
      if (!c.token) return error(c.res, 401, 'Requires authentication', c.headers);
      if (c.token.kind !== 'installation') {
        return error(c.res, 403, 'You must authenticate with an installation access token in order to list repositories for an installation.', c.headers);
      }
      const t = c.token;
      const repos = [...state.repos.values()].filter((x) => state.selects(t, x));
      return sendJsonBody(c.res, 200, { total_count: repos.length, repository_selection: t.repositories === 'all' ? 'all' : 'selected', repositories: repos.map((x) => repository(urls, x)) }, c.headers);
    }
    if (parts[0] === 'repos' && parts.length >= 3) {
      const repo = repoFor(c, parts[1]!, parts[2]!);
      if (!repo) return;
      const rest = parts.slice(3);
      if (rest.length === 0) return sendJsonBody(c.res, 200, fullRepository(urls, repo, state.shownRole(repo, c.token)), c.headers);
      if (rest[0] === 'branches' && rest.length >= 2) {
        if (lacks(c, 'contents', 'read')) return;
        const protection = rest[rest.length - 1] === 'protection' && rest.length >= 3;
        const name = rest.slice(1, protection ? -1 : undefined).join('/');
        const branches = await server.git.branches(repo.dir);
        const head = branches.get(name);
        if (!head) return error(c.res, 404, 'Branch not found', c.headers, `${DOCS}/branches/branches#get-a-branch`);
        const rule = repo.protections.get(name);
        if (!protection) return sendJsonBody(c.res, 200, branchWithProtection(urls, repo, name, head, rule), c.headers);
        // Protection details are for administrators only; everyone else gets GitHub's 404.
        if (lacks(c, 'administration', 'read')) return;
        if (roleRank(state.shownRole(repo, c.token)) < 5) return notFound(c, `${DOCS}/branches/branch-protection#get-branch-protection`);
        if (!rule) return error(c.res, 404, 'Branch not protected', c.headers, `${DOCS}/branches/branch-protection#get-branch-protection`);
        const users = (rule.restrictUsers ?? []).map((l) => state.mustUser(l));
        return sendJsonBody(c.res, 200, branchProtection(urls, repo, name, rule, users), c.headers);
      }
      if (rest[0] === 'contents' && rest.length >= 2) {
        if (lacks(c, 'contents', 'read')) return;
        const filePath = rest.slice(1).join('/');
        const ref = c.search.get('ref') || repo.defaultBranch;
        const found = await server.git.lookup(repo.dir, ref, filePath);
        if (found.kind !== 'file') return notFound(c, `${DOCS}/repos/contents#get-repository-content`);
        if (/vnd\.github(\.v3)?\.raw/.test(String(c.req.headers.accept ?? ''))) {
          c.res.writeHead(200, { ...c.headers, 'X-GitHub-Media-Type': 'github.v3; param=raw', 'Content-Type': 'application/vnd.github.raw; charset=utf-8', 'Content-Length': found.file.content.length });
          c.res.end(found.file.content);
          return;
        }
        return sendJsonBody(c.res, 200, contentFile(urls, repo, filePath, ref, found.file), c.headers);
      }
    }
    return notFound(c);
  }

  /** Git over HTTPS: any username with the token as password (`x-access-token:` as actions/checkout sends it, §6). */
  function serveGit(r: HostedRequest, full: string, rest: string): void {
    const { req, res, search } = r;
    const repo = state.repo(full);
    const push = isReceivePack(rest, search);
    const challenge = { 'WWW-Authenticate': 'Basic realm="GitHub"' };
    const pair = basicPair(req.headers.authorization);
    let token: GhToken | null = null;
    if (pair) {
      const t = state.tokens.get(pair.pass);
      if (!t || t.revoked || (t.expiresAt && t.expiresAt.getTime() <= Date.now())) return sendText(res, 401, 'Invalid username or password.\n', challenge);
      token = t;
    }
    if (!repo || (!push && !state.visible(repo, token))) {
      if (!token) return sendText(res, 401, 'Unauthorized\n', challenge);
      return sendText(res, 404, 'Repository not found.\n');
    }
    if (push && !token) return sendText(res, 401, 'Unauthorized\n', challenge);
    let canWrite = false;
    const who = token ? (token.user?.login ?? `${token.appSlug ?? 'app'}[bot]`) : null;
    if (token) {
      if (!state.visible(repo, token)) return sendText(res, 404, 'Repository not found.\n');
      const role = state.shownRole(repo, token);
      const scoped = token.kind === 'classic' ? coversScope(token.scopes, repo.private ? 'repo' : 'public_repo') : holds(token, 'contents', 'write');
      canWrite = scoped && roleRank(role) >= 3;
      if (push && !canWrite) {
        return sendText(res, 403, `Permission to ${repo.owner.login}/${repo.name}.git denied to ${who}.\n`);
      }
    }
    const denied: string[] = [];
    for (const [branch, rule] of repo.protections) if (!pushAllowed(repo, rule, token)) denied.push(branch);
    runGitBackend(server, req, res, { repoDir: repo.dir, rest, search, canWrite, denyBranches: denied, remoteUser: who });
  }

  function pushAllowed(repo: GhRepo, rule: GhProtection, token: GhToken | null): boolean {
    if (!token || rule.lockBranch) return false;
    const admin = roleRank(state.shownRole(repo, token)) >= 5;
    if (rule.requireReviews && !(admin && !rule.enforceAdmins)) return false;
    if (rule.restrictUsers === null) return true;
    if (token.kind === 'installation') return rule.restrictApps.includes(token.appSlug ?? '');
    return !!token.user && rule.restrictUsers.includes(ghKey(token.user.login));
  }

  const addToken = (t: Omit<GhToken, 'value' | 'revoked' | 'expiryFormat' | 'expiresAt' | 'ssoAuthorized'> & TokenInputBase & { ssoAuthorized?: string[] }): string => {
    const value = newTokenValue(t.kind);
    const sso = new Set((t.ssoAuthorized ?? []).map(ghKey));
    state.tokens.set(value, { ...t, value, revoked: false, expiresAt: t.expiresAt ?? null, expiryFormat: t.expiryFormat ?? 'utc', ssoAuthorized: sso });
    return value;
  };
  const selection = (repos: string[] | 'all'): 'all' | Set<string> => {
    if (repos === 'all') return 'all';
    for (const full of repos) state.mustRepo(full);
    return new Set(repos.map(ghKey));
  };

  return {
    url: server.url,
    apiUrl: urls.api,
    requests: server.requests,
    faults: server.faults,
    addUser(login, opts = {}) {
      if (state.user(login)) throw new Error(`github simulator: "${login}" exists`);
      state.users.set(ghKey(login), { id: state.newId(), login, name: opts.name ?? null, isOrg: false, owners: new Set(), sso: false, created: new Date() });
    },
    addOrg(login, opts = {}) {
      if (state.user(login)) throw new Error(`github simulator: "${login}" exists`);
      const owners = new Set((opts.owners ?? []).map((o) => ghKey(state.mustUser(o).login)));
      state.users.set(ghKey(login), { id: state.newId(), login, name: null, isOrg: true, owners, sso: opts.sso ?? false, created: new Date() });
    },
    addRepo(input) {
      const owner = state.mustUser(input.owner);
      const full = `${owner.login}/${input.name}`;
      if (state.repo(full)) throw new Error(`github simulator: repository ${full} exists`);
      const defaultBranch = input.defaultBranch ?? 'main';
      const dir = server.git.dirFor(ghKey(owner.login), ghKey(input.name));
      const files = input.files && Object.keys(input.files).length > 0 ? input.files : { 'README.md': `# ${input.name}\n` };
      server.git.create(dir, defaultBranch, files, input.branches ?? []);
      state.repos.set(ghKey(full), { id: state.newId(), owner, name: input.name, private: input.private ?? false, defaultBranch, dir, created: new Date(), collaborators: new Map(), protections: new Map() });
    },
    setCollaborator(full, login, role) {
      state.mustRepo(full).collaborators.set(ghKey(state.mustUser(login).login), role);
    },
    protectBranch(full, branch, rule = {}) {
      state.mustRepo(full).protections.set(branch, {
        restrictUsers: rule.restrictUsers ? rule.restrictUsers.map((l) => ghKey(state.mustUser(l).login)) : null,
        restrictApps: [],
        requireReviews: rule.requireReviews ?? false,
        enforceAdmins: rule.enforceAdmins ?? false,
        lockBranch: rule.lockBranch ?? false,
      });
    },
    addClassicToken(login, input) {
      return addToken({ kind: 'classic', user: state.mustUser(login), scopes: normaliseScopes(input.scopes), permissions: {}, repositories: 'all', appSlug: null, ...expiry(input), ...(input.ssoAuthorized ? { ssoAuthorized: input.ssoAuthorized } : {}) });
    },
    addFineGrainedToken(login, input) {
      return addToken({ kind: 'fine-grained', user: state.mustUser(login), scopes: [], permissions: input.permissions, repositories: selection(input.repositories), appSlug: null, ...expiry(input) });
    },
    addInstallationToken(input) {
      return addToken({ kind: 'installation', user: null, scopes: [], permissions: input.permissions, repositories: selection(input.repositories), appSlug: input.appSlug, ...expiry(input) });
    },
    revokeToken(value) {
      const t = state.tokens.get(value);
      if (!t) throw new Error('github simulator: revokeToken: no such token (value not shown)');
      t.revoked = true;
    },
    exhaustRateLimit(value, status = 403) {
      const key = value === null ? 'ip:127.0.0.1' : `t:${value}`;
      const b = bucketFor(key, value === null ? 60 : limit);
      b.used = b.limit;
      b.status = status;
    },
    secondaryRateLimit(opts) {
      secondary.push({ times: opts.times, ...(opts.retryAfter !== undefined ? { retryAfter: opts.retryAfter } : {}), status: opts.status ?? 403 });
    },
    stop: () => server.stop(),
  };
}

function expiry(input: TokenInputBase): TokenInputBase {
  return { ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}), ...(input.expiryFormat ? { expiryFormat: input.expiryFormat } : {}) };
}
