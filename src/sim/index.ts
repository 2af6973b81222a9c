// The loopback Gitea/Forgejo simulator used by tests and `credcanary demo`: node:http on 127.0.0.1, real bare git
// repositories served through `git http-backend`, and the auth, scope and permission behaviours of
// reference/gitea-api-facts.md, including the ones that make naive checks pass falsely.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { matchRoute, runRoute, type ApiCtx } from './api-routes.js';
import { authenticate, presentation, queryToken, type AuthSettings } from './auth.js';
import { apiError, apiNotFound, sendPlain, type SimCore } from './core.js';
import { Faults } from './faults.js';
import { frontDoor } from './front-door.js';
import { isGitPath, serveGit } from './git-bridge.js';
import { GitStore } from './git-store.js';
import { resolveDialect, TEXT } from './messages.js';
import { normalizeScopes } from './scopes.js';
import { Access, key, SimState } from './state.js';
import type { ForgeSim, SecretScope, SimOptions, SimRequestLog } from './types.js';

export type {
  FaultRule,
  ForgeSim,
  SecretScope,
  SimOptions,
  SimOrgOptions,
  SimRepoInput,
  SimRequestLog,
  SimSecret,
  SimUserInput,
} from './types.js';
export { normalizeScopes } from './scopes.js';

const API_PREFIX = '/api/v1';

/** Starts a simulator on 127.0.0.1 with an ephemeral port. */
export async function startForgeSim(options: SimOptions = {}): Promise<ForgeSim> {
  const flavor = options.flavor ?? 'gitea';
  const dialect = resolveDialect(flavor, options.version ?? (flavor === 'forgejo' ? '12.0.0' : '1.26.0'));
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'credcanary-sim-'));
  const state = new SimState();
  const git = new GitStore(dataDir);
  const faults = new Faults();
  const requests: SimRequestLog[] = [];
  const authSettings: AuthSettings = {
    dialect,
    queryAuth: flavor === 'gitea' && (options.queryAuth ?? true),
    basicAuth: options.basicAuth ?? true,
  };

  const server = createServer({ keepAlive: true }, (req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) sendPlain(res, 500, 'forge simulator internal error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const rootUrl = (options.rootUrl ?? `${url}/`).replace(/\/?$/, '/');
  const core: SimCore = {
    state,
    git,
    dialect,
    auth: authSettings,
    requireSigninView: options.requireSigninView ?? false,
    rootUrl,
    json: { rootUrl, noReplyDomain: 'noreply.localhost', sshHost: new URL(rootUrl).hostname },
    children: new Set(),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const admitted = await frontDoor(req, res, requests, faults, rootUrl, (search) => presentation(req, search));
    if (!admitted) return;
    const { method, path, search } = admitted;
    if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) return handleApi(req, res, method, path.slice(API_PREFIX.length), search);
    if (isGitPath(path)) return serveGit(core, req, res, path, search, authenticate(state, authSettings, req, search));
    req.resume();
    sendPlain(res, 404, '404 page not found');
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string, path: string, search: URLSearchParams): Promise<void> {
    if (dialect.queryTokenWarning && queryToken(search)) res.setHeader('X-Gitea-Warning', dialect.queryTokenWarning);
    const matched = matchRoute(method, path);
    if (!matched) {
      req.resume();
      return apiNotFound(core, res);
    }
    const auth = authenticate(state, authSettings, req, search);
    if (auth.kind === 'error') {
      req.resume();
      return apiError(core, res, 401, auth.message);
    }
    const doer = auth.kind === 'signed' ? auth.user : null;
    if (doer?.prohibitLogin) {
      req.resume();
      return apiError(core, res, 403, TEXT.prohibitLogin);
    }
    if (!doer && core.requireSigninView) {
      req.resume();
      return apiError(core, res, 403, TEXT.signinRequired);
    }
    const ctx: ApiCtx = {
      core,
      req,
      res,
      method,
      search,
      params: matched.params,
      doer,
      token: auth.kind === 'signed' ? auth.token : null,
      isBasic: auth.kind === 'signed' && auth.isBasic,
      repo: null,
      access: Access.None,
      contextUser: null,
      publicOnly: false,
    };
    await runRoute(ctx, matched.route);
    if (!req.readableEnded) req.resume();
  }

  const repoKey = (full: string) => state.mustRepo(full);
  let unnamedTokens = 0;

  const sim: ForgeSim = {
    url,
    rootUrl,
    requests,
    faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
    addUser(input) {
      state.addUser(input);
    },
    addOrg(login, opts = {}) {
      const org = state.addUser({ login, isOrg: true, fullName: opts.fullName, email: '' });
      for (const o of opts.owners ?? []) org.orgOwners.add(key(state.mustUser(o).login));
    },
    addToken(login, input) {
      const user = state.mustUser(login);
      if (user.isOrg) throw new Error(`forge simulator: "${login}" is an organization and cannot own tokens`);
      const scope = normalizeScopes(input.scopes);
      if (scope === '') throw new Error('forge simulator: access token must have a scope');
      const name = input.name ?? `sim-token-${++unnamedTokens}`;
      if (state.tokensOf(user).some((t) => t.name === name)) {
        throw new Error(`forge simulator: token name "${name}" already used by ${login}`);
      }
      return state.addToken(user, name, scope).token;
    },
    revokeToken(token) {
      if (!state.tokens.delete(token)) throw new Error('forge simulator: revokeToken: no such token (value not shown)');
    },
    addRepo(input) {
      const owner = state.mustUser(input.owner);
      if (state.repo(owner.login, input.name)) throw new Error(`forge simulator: repository ${input.owner}/${input.name} exists`);
      if (!/^[A-Za-z0-9_.-]+$/.test(input.name) || input.name.endsWith('.git')) {
        throw new Error(`forge simulator: invalid repository name "${input.name}"`);
      }
      const defaultBranch = input.defaultBranch ?? 'main';
      const dir = git.dirFor(key(owner.login), key(input.name));
      const files = input.files && Object.keys(input.files).length > 0 ? input.files : { 'README.md': `# ${input.name}\n` };
      git.create(dir, defaultBranch, files, input.branches ?? []);
      const now = new Date();
      state.repos.set(`${key(owner.login)}/${key(input.name)}`, {
        id: state.newRepoId(),
        owner,
        name: input.name,
        private: input.private ?? false,
        defaultBranch,
        dir,
        created: now,
        updated: now,
        collaborators: new Map(),
        protections: new Map(),
        secrets: new Map(),
      });
    },
    setFile(full, path, content, branch) {
      const repo = repoKey(full);
      const b = branch ?? repo.defaultBranch;
      const parent = git.hasBranch(repo.dir, b) ? b : repo.defaultBranch;
      git.commit(repo.dir, b, { [path]: content }, `Update ${path}`, parent);
      repo.updated = new Date();
    },
    setCollaborator(full, login, permission) {
      const repo = repoKey(full);
      const user = state.mustUser(login);
      const mode = permission === 'admin' ? Access.Admin : permission === 'write' ? Access.Write : Access.Read;
      repo.collaborators.set(key(user.login), mode);
    },
    protectBranch(full, branch, rule) {
      const repo = repoKey(full);
      const whitelist = rule.pushWhitelist?.map((l) => key(state.mustUser(l).login)) ?? null;
      const now = new Date();
      const existing = repo.protections.get(branch);
      repo.protections.set(branch, {
        id: existing?.id ?? state.newProtectionId(),
        branch,
        // Gitea's default rule disables push; a whitelist only makes sense with push enabled.
        enablePush: rule.enablePush ?? whitelist !== null,
        pushWhitelist: whitelist,
        created: existing?.created ?? now,
        updated: now,
      });
    },
    secrets(scope: SecretScope) {
      const store =
        'repo' in scope ? repoKey(scope.repo).secrets : state.mustUser('org' in scope ? scope.org : scope.user).secrets;
      return [...store.values()].map((s) => ({ name: s.name, data: s.data, description: s.description }));
    },
    async stop() {
      for (const s of faults.hung) s.destroy();
      for (const c of core.children) c.kill('SIGKILL');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return sim;
}
