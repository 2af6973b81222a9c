// The GitLab mode of the forge simulator: REST at `/api/v4`, git smart HTTP at `/{namespace}/{project}.git`,
// and the behaviours of github-gitlab-ci-facts.md §7: PRIVATE-TOKEN or Bearer, `/personal_access_tokens/self`
// for any scope, the several 401 body shapes (revoked, expired, unknown), `insufficient_scope` 403s,
// project/group access tokens as bot users, member access levels, protected branches, 429 rate limits.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { runGitBackend } from '../git-bridge.js';
import { basicPair, gitPathParts, isReceivePack, sendJsonBody, sendText, startHostedServer, type HostedRequest } from '../hosted/server.js';
import type { FaultRule, SimRequestLog } from '../types.js';
import { GlState, isExpired, Level, newGlToken, type GlProject, type GlToken, type GlUser } from './model.js';

/** Options of the GitLab mode. */
export interface GitLabSimOptions {
  dataDir?: string;
}

/** A project to seed. */
export interface GlProjectInput {
  namespace: string;
  name: string;
  visibility?: 'private' | 'internal' | 'public';
  defaultBranch?: string;
  branches?: string[];
  files?: Record<string, string>;
}

/** Token inputs; `expiresAt` is a `YYYY-MM-DD` date. */
export interface GlTokenInput {
  scopes: string[];
  expiresAt?: string;
  name?: string;
}

/** A running GitLab simulator. */
export interface GitLabSim {
  url: string;
  /** `${url}/api/v4`. */
  apiUrl: string;
  requests: SimRequestLog[];
  faults: { add(rule: FaultRule): void; clear(): void };
  addUser(username: string, opts?: { name?: string }): void;
  addGroup(path: string): void;
  addProject(input: GlProjectInput): void;
  /** Adds a member to a project (`ns/name`) or a group (`path`) at an access level (10–50). */
  addMember(target: string, username: string, level: number): void;
  protectBranch(project: string, branch: string, rule: { pushAccessLevel: number; allowedUsers?: string[] }): void;
  addPersonalToken(username: string, input: GlTokenInput): string;
  /** A project (or group) access token: a fresh bot user `project_{id}_bot_{hex}` at `accessLevel`. */
  addProjectToken(project: string, input: GlTokenInput & { accessLevel: number }): { token: string; bot: string };
  addGroupToken(group: string, input: GlTokenInput & { accessLevel: number }): { token: string; bot: string };
  revokeToken(token: string): void;
  blockUser(username: string): void;
  /** The next `times` API requests answer 429 (Retry-After when given). */
  rateLimit(opts: { times: number; retryAfter?: number }): void;
  stop(): Promise<void>;
}

const API = '/api/v4';
const GIT_DENIED = 'HTTP Basic: Access denied. If a password was provided for Git authentication, the password was incorrect or you\'re required to use a token instead of a password. If a token was provided, it was either incorrect, expired, or improperly scoped.\n';
const INSUFFICIENT = 'The request requires higher privileges than provided by the access token.';

/** Every REST route the mode serves, GitLab's own path syntax. */
export const GITLAB_ROUTES: readonly string[] = [
  'GET /user',
  'GET /personal_access_tokens/self',
  'GET /projects/:id',
  'GET /projects/:id/repository/branches/:branch',
  'GET /projects/:id/repository/files/:file_path/raw',
  'GET /version',
];

function iso(d: Date): string {
  return d.toISOString();
}

/** Starts the GitLab mode on 127.0.0.1 with an ephemeral port. */
export async function startGitLabSim(options: GitLabSimOptions = {}): Promise<GitLabSim> {
  const state = new GlState();
  const limits: Array<{ times: number; retryAfter?: number }> = [];
  const server = await startHostedServer(options.dataDir, async (r) => {
    if (r.path === API || r.path.startsWith(`${API}/`)) return api(r, r.path.slice(API.length) || '/');
    const git = gitPathParts(r.path);
    if (git) return serveGit(r, git.full, git.rest);
    r.req.resume();
    sendText(r.res, 404, 'Not Found\n');
  });
  const web = server.url;

  const message = (res: ServerResponse, status: number, text: string): void => sendJsonBody(res, status, { message: text });

  /** The token a request presents: PRIVATE-TOKEN wins, then Bearer (doc/api/rest/authentication.md). */
  const tokenValue = (req: IncomingMessage): string | null => {
    const header = req.headers['private-token'];
    if (typeof header === 'string') return header;
    const m = /^bearer\s+(\S+)$/i.exec(req.headers.authorization?.trim() ?? '');
    return m ? m[1]! : null;
  };

  /** Answers a presented token that does not authenticate, in the body shape GitLab uses for that case (api_guard.rb). */
  const rejectToken = (res: ServerResponse, t: GlToken | undefined): void => {
    if (t?.revoked) return sendJsonBody(res, 401, { error: 'invalid_token', error_description: 'Token was revoked. You have to re-authorize from the user.' });
    if (t && isExpired(t)) return sendJsonBody(res, 401, { error: 'invalid_token', error_description: 'Token is expired. You can either do re-authorization or token refresh.' });
    message(res, 401, '401 Unauthorized');
  };

  const userJson = (u: GlUser): Record<string, unknown> => ({
    id: u.id,
    username: u.username,
    name: u.name,
    state: u.state,
    locked: false,
    avatar_url: `${web}/uploads/-/system/user/avatar/${u.id}/avatar.png`,
    web_url: `${web}/${u.username}`,
    created_at: iso(u.created),
    bio: '',
    bot: u.bot,
    public_email: null,
    email: u.bot ? `${u.username}@noreply.localhost` : `${u.username}@example.com`,
    two_factor_enabled: false,
    external: false,
    private_profile: false,
  });

  const tokenJson = (t: GlToken): Record<string, unknown> => ({
    id: t.id,
    name: t.name,
    revoked: t.revoked,
    created_at: iso(t.created),
    description: '',
    scopes: t.scopes,
    user_id: t.user.id,
    last_used_at: t.lastUsed ? iso(t.lastUsed) : null,
    active: !t.revoked && !isExpired(t),
    expires_at: t.expiresAt,
  });

  const projectJson = (p: GlProject, user: GlUser | null): Record<string, unknown> => {
    const out: Record<string, unknown> = {
      id: p.id,
      description: null,
      name: p.name,
      name_with_namespace: `${p.namespace.path} / ${p.name}`,
      path: p.name,
      path_with_namespace: p.fullPath,
      created_at: iso(p.created),
      default_branch: p.defaultBranch,
      visibility: p.visibility,
      web_url: `${web}/${p.fullPath}`,
      http_url_to_repo: `${web}/${p.fullPath}.git`,
      ssh_url_to_repo: `git@${new URL(web).hostname}:${p.fullPath}.git`,
      namespace: { id: p.namespace.id, name: p.namespace.path, path: p.namespace.path, kind: p.namespace.kind, full_path: p.namespace.path },
      archived: false,
    };
    if (user) {
      const project = p.members.get(user.id);
      const group = p.group?.members.get(user.id);
      out.permissions = {
        project_access: project !== undefined ? { access_level: project, notification_level: 3 } : null,
        group_access: group !== undefined ? { access_level: group, notification_level: 3 } : null,
      };
    }
    return out;
  };

  async function api(r: HostedRequest, path: string): Promise<void> {
    const { req, res } = r;
    const limit = limits[0];
    if (limit) {
      if (--limit.times <= 0) limits.shift();
      const headers: Record<string, string> = { 'RateLimit-Limit': '2000', 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 60) };
      if (limit.retryAfter !== undefined) headers['Retry-After'] = String(limit.retryAfter);
      return sendText(res, 429, 'Retry later\n', headers);
    }
    const value = tokenValue(req);
    let token: GlToken | null = null;
    if (value !== null) {
      const t = state.tokens.get(value);
      if (!t || t.revoked || isExpired(t)) return rejectToken(res, t);
      token = t;
      t.lastUsed = new Date();
    }
    const user = token?.user ?? null;
    if (user?.state === 'blocked') return message(res, 403, '403 Forbidden - Your account has been blocked.');
    if (r.method !== 'GET' && r.method !== 'HEAD') return message(res, 404, '404 Not Found');
    // Scope check first, as api_guard does before any lookup.
    const needScope = (allowed: string[]): boolean => {
      if (!token || token.scopes.some((s) => allowed.includes(s))) return false;
      sendJsonBody(res, 403, { error: 'insufficient_scope', error_description: INSUFFICIENT, scope: allowed.join(' ') });
      return true;
    };
    const parts = path.split('/').slice(1);
    if (path === '/personal_access_tokens/self') {
      // Any scope may read itself (self_information.rb allows every available scope).
      if (!token) return message(res, 401, '401 Unauthorized');
      return sendJsonBody(res, 200, tokenJson(token));
    }
    if (path === '/user') {
      if (needScope(['api', 'read_api', 'read_user'])) return;
      if (!user) return message(res, 401, '401 Unauthorized');
      return sendJsonBody(res, 200, userJson(user));
    }
    if (path === '/version') {
      if (needScope(['api', 'read_api', 'read_user'])) return;
      if (!user) return message(res, 401, '401 Unauthorized');
      return sendJsonBody(res, 200, { version: '17.8.0', revision: 'sim' });
    }
    if (parts[0] === 'projects' && parts.length >= 2) {
      if (needScope(['api', 'read_api'])) return;
      const project = state.project(decodeURIComponent(parts[1]!));
      if (!project || !state.visible(project, user)) return message(res, 404, '404 Project Not Found');
      const rest = parts.slice(2);
      if (rest.length === 0) return sendJsonBody(res, 200, projectJson(project, user));
      if (rest[0] === 'repository' && rest[1] === 'branches' && rest.length === 3) {
        const name = decodeURIComponent(rest[2]!);
        const head = (await server.git.branches(project.dir)).get(name);
        if (!head) return message(res, 404, '404 Branch Not Found');
        const rule = project.protections.get(name);
        return sendJsonBody(res, 200, {
          name,
          merged: false,
          protected: rule !== undefined,
          default: name === project.defaultBranch,
          developers_can_push: rule ? rule.pushAccessLevel === Level.Developer : false,
          developers_can_merge: false,
          can_push: state.canPush(project, name, user),
          web_url: `${web}/${project.fullPath}/-/tree/${name}`,
          commit: {
            id: head.sha, short_id: head.sha.slice(0, 8), title: head.message.split('\n')[0], message: head.message,
            author_name: head.authorName, author_email: head.authorEmail, authored_date: head.authorDate,
            committer_name: head.committerName, committer_email: head.committerEmail, committed_date: head.committerDate,
            created_at: head.committerDate, parent_ids: [], web_url: `${web}/${project.fullPath}/-/commit/${head.sha}`,
          },
        });
      }
      if (rest[0] === 'repository' && rest[1] === 'files' && rest.length === 4 && rest[3] === 'raw') {
        const file = decodeURIComponent(rest[2]!);
        const found = await server.git.lookup(project.dir, r.search.get('ref') || project.defaultBranch, file);
        if (found.kind !== 'file') return message(res, 404, '404 File Not Found');
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': found.file.content.length, 'X-Gitlab-Blob-Id': found.file.blobSha });
        res.end(found.file.content);
        return;
      }
    }
    message(res, 404, '404 Not Found');
  }

  /** Git over HTTPS: Basic with the token as password (`oauth2:` by convention; the username is not checked). */
  function serveGit(r: HostedRequest, full: string, rest: string): void {
    const { req, res, search } = r;
    const project = state.project(full);
    const push = isReceivePack(rest, search);
    const challenge = { 'WWW-Authenticate': 'Basic realm="GitLab"' };
    const pair = basicPair(req.headers.authorization);
    let token: GlToken | null = null;
    if (pair) {
      const t = state.tokens.get(pair.pass);
      // A token with no repository scope has no git abilities at all: authentication fails (Gitlab::Auth).
      const gitScoped = t?.scopes.some((s) => s === 'api' || s === 'read_repository' || s === 'write_repository');
      if (!t || t.revoked || isExpired(t) || !gitScoped || t.user.state === 'blocked') return sendText(res, 401, GIT_DENIED, challenge);
      token = t;
    }
    const user = token?.user ?? null;
    const publicPull = !!project && project.visibility === 'public' && !push;
    if (!publicPull && !user) return sendText(res, 401, 'HTTP Basic: Access denied\n', challenge);
    if (!project || !state.visible(project, user)) {
      return sendText(res, 404, 'The project you were looking for could not be found or you don\'t have permission to view it.\n');
    }
    const writeScoped = !!token?.scopes.some((s) => s === 'api' || s === 'write_repository');
    const canWrite = writeScoped && state.level(project, user) >= Level.Developer;
    if (push && !canWrite) return sendText(res, 403, 'You are not allowed to push code to this project.\n');
    const denied = [...project.protections.keys()].filter((b) => !state.canPush(project, b, user));
    runGitBackend(server, req, res, { repoDir: project.dir, rest, search, canWrite, denyBranches: denied, remoteUser: user?.username ?? null });
  }

  const newUser = (username: string, name: string, bot: boolean): GlUser => {
    if (state.user(username)) throw new Error(`gitlab simulator: "${username}" exists`);
    const u: GlUser = { id: state.newId(), username, name, bot, state: 'active', created: new Date() };
    state.users.set(username.toLowerCase(), u);
    return u;
  };
  const addToken = (user: GlUser, kind: GlToken['kind'], input: GlTokenInput): string => {
    const value = newGlToken();
    state.tokens.set(value, { id: state.newId(), value, name: input.name ?? `${kind}-token`, kind, user, scopes: [...input.scopes], expiresAt: input.expiresAt ?? null, revoked: false, created: new Date(), lastUsed: null });
    return value;
  };
  const botToken = (prefix: string, id: number, members: Map<number, number>, kind: GlToken['kind'], input: GlTokenInput & { accessLevel: number }) => {
    const bot = newUser(`${prefix}_${id}_bot_${Math.random().toString(16).slice(2, 10)}`, `${prefix} ${id} bot`, true);
    members.set(bot.id, input.accessLevel);
    return { token: addToken(bot, kind, input), bot: bot.username };
  };

  return {
    url: server.url,
    apiUrl: `${server.url}${API}`,
    requests: server.requests,
    faults: server.faults,
    addUser(username, opts = {}) {
      newUser(username, opts.name ?? username, false);
    },
    addGroup(path) {
      if (state.groups.has(path.toLowerCase())) throw new Error(`gitlab simulator: group ${path} exists`);
      state.groups.set(path.toLowerCase(), { id: state.newId(), path, members: new Map() });
    },
    addProject(input) {
      const group = state.groups.get(input.namespace.toLowerCase()) ?? null;
      const owner = group ? null : state.mustUser(input.namespace);
      const fullPath = `${input.namespace}/${input.name}`;
      if (state.project(fullPath)) throw new Error(`gitlab simulator: project ${fullPath} exists`);
      const defaultBranch = input.defaultBranch ?? 'main';
      const dir = server.git.dirFor(input.namespace.toLowerCase(), input.name.toLowerCase());
      const files = input.files && Object.keys(input.files).length > 0 ? input.files : { 'README.md': `# ${input.name}\n` };
      server.git.create(dir, defaultBranch, files, input.branches ?? []);
      const members = new Map<number, number>();
      if (owner) members.set(owner.id, Level.Owner);
      state.projects.set(fullPath.toLowerCase(), {
        id: state.newId(), fullPath, name: input.name, group, defaultBranch, dir, created: new Date(), members, protections: new Map(),
        namespace: group ? { id: group.id, path: group.path, kind: 'group' } : { id: owner!.id, path: owner!.username, kind: 'user' },
        visibility: input.visibility ?? 'private',
      });
    },
    addMember(target, username, level) {
      const user = state.mustUser(username);
      const group = state.groups.get(target.toLowerCase());
      (group ? group.members : state.mustProject(target).members).set(user.id, level);
    },
    protectBranch(project, branch, rule) {
      const allowed = new Set((rule.allowedUsers ?? []).map((u) => state.mustUser(u).id));
      state.mustProject(project).protections.set(branch, { pushAccessLevel: rule.pushAccessLevel, allowedUsers: allowed });
    },
    addPersonalToken(username, input) {
      return addToken(state.mustUser(username), 'personal', input);
    },
    addProjectToken(path, input) {
      const p = state.mustProject(path);
      return botToken('project', p.id, p.members, 'project', input);
    },
    addGroupToken(path, input) {
      const g = state.groups.get(path.toLowerCase());
      if (!g) throw new Error(`gitlab simulator: no group ${path}`);
      return botToken('group', g.id, g.members, 'group', input);
    },
    revokeToken(value) {
      const t = state.tokens.get(value);
      if (!t) throw new Error('gitlab simulator: revokeToken: no such token (value not shown)');
      t.revoked = true;
    },
    blockUser(username) {
      state.mustUser(username).state = 'blocked';
    },
    rateLimit(opts) {
      limits.push({ ...opts });
    },
    stop: () => server.stop(),
  };
}
