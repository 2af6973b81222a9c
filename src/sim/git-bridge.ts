// Git smart HTTP through the real `git http-backend` CGI, with Gitea's httpBase rules enforced in front of it
// (routers/web/repo/githttp.go; reference §1.4): public pulls need no auth, pushes and private repos answer 401
// with a Basic challenge, write permission is deferred to a pre-receive hook (so `push --dry-run` proves nothing).

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { AuthResult } from './auth.js';
import { sendPlain, type SimCore } from './core.js';
import { TEXT } from './messages.js';
import { hasScopes } from './scopes.js';
import { Access } from './state.js';

const GIT_PATH = /^\/([^/]+)\/([^/]+?)(?:\.git)?\/(info\/refs|git-upload-pack|git-receive-pack|git-upload-archive|HEAD|objects\/.+)$/;

/** True for paths Gitea routes to its git smart-HTTP handlers. */
export function isGitPath(path: string): boolean {
  return GIT_PATH.test(path);
}

let backendPath: string | null = null;

/** `$(git --exec-path)/git-http-backend`, looked up once. */
function httpBackend(): string {
  backendPath ??= join(execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim(), 'git-http-backend');
  return backendPath;
}

/** Serves one git smart-HTTP request; `auth` is the shared authentication outcome. */
export function serveGit(
  core: SimCore,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  search: URLSearchParams,
  auth: AuthResult,
): void {
  const m = GIT_PATH.exec(path)!;
  const [, ownerName, repoName, rest] = m as unknown as [string, string, string, string];
  const { state, dialect } = core;
  // webAuth: credentials that were sent and are wrong → 401 plain text, no challenge.
  if (auth.kind === 'error') return sendPlain(res, 401, dialect.gitAuthFailedText);
  const doer = auth.kind === 'signed' ? auth.user : null;

  const service = search.get('service') ?? '';
  const receivePack = service === 'git-receive-pack' || path.endsWith('git-receive-pack');
  const isPull =
    !receivePack &&
    (service === 'git-upload-pack' ||
      path.endsWith('git-upload-pack') ||
      service === 'git-upload-archive' ||
      path.endsWith('git-upload-archive') ||
      req.method === 'GET' ||
      req.method === 'HEAD');

  const owner = state.user(ownerName);
  if (!owner) return sendPlain(res, 404, TEXT.gitRepoNotFound);
  const repo = state.repo(owner.login, repoName);
  const isPublicPull = !!repo && !repo.private && isPull;
  const askAuth = !isPublicPull || core.requireSigninView;
  let access: Access = repo ? state.access(repo, doer) : Access.None;

  if (askAuth) {
    if (!doer) return sendPlain(res, 401, 'Unauthorized', { 'WWW-Authenticate': 'Basic realm="Gitea"' });
    // CheckRepoScopedToken: only a PAT sent through Basic is scope-checked; header tokens skip it [infer].
    if (auth.kind === 'signed' && auth.isBasic && auth.token) {
      const set = auth.token.scopeSet;
      if (repo && set.publicOnly && repo.private) return sendPlain(res, 403, 'Forbidden');
      if (!hasScopes(set, isPull ? 'read' : 'write', ['repository'])) return sendPlain(res, 403, 'Forbidden');
    }
    if (doer.prohibitLogin) return sendPlain(res, 403, TEXT.gitAccountDisabled);
    // With proc-receive (git ≥ 2.29) Gitea lowers the required mode to Read and checks writes in pre-receive.
    if (repo && access < Access.Read) return sendPlain(res, 404, TEXT.gitRepoNotFound);
  }
  if (!repo) {
    if (!receivePack) return sendPlain(res, 404, TEXT.gitRepoNotFound);
    return sendPlain(res, 403, owner.isOrg ? TEXT.gitPushCreateOrg : TEXT.gitPushCreateUser);
  }
  if (!doer) access = Access.None;

  const denied: string[] = [];
  for (const rule of repo.protections.values()) {
    if (!state.canUserPushProtected(repo, rule, doer)) denied.push(rule.branch);
  }
  runGitBackend(core, req, res, {
    repoDir: repo.dir,
    rest,
    search,
    canWrite: !!doer && access >= Access.Write,
    denyBranches: denied,
    remoteUser: doer?.login ?? null,
  });
}

/** What the forge's auth layer decided for one git request, handed to the real `git http-backend`. */
export interface GitBackendRequest {
  /** Absolute path of the bare repository (below the store's root). */
  repoDir: string;
  /** The git part of the path: `info/refs`, `git-receive-pack`, … */
  rest: string;
  search: URLSearchParams;
  /** Whether the pre-receive hook lets pushed refs through at all. */
  canWrite: boolean;
  /** Branches the pre-receive hook refuses (protection rules). */
  denyBranches: string[];
  remoteUser: string | null;
}

/** Runs `git http-backend` for a request every forge mode has already authenticated and authorised. */
export function runGitBackend(core: Pick<SimCore, 'git' | 'children'>, req: IncomingMessage, res: ServerResponse, g: GitBackendRequest): void {
  const relDir = g.repoDir.slice(core.git.root.length);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: core.git.root,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_PROJECT_ROOT: core.git.root,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    REQUEST_METHOD: req.method ?? 'GET',
    PATH_INFO: `${relDir}/${g.rest}`,
    QUERY_STRING: g.search.toString(),
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    CREDCANARY_SIM_CAN_WRITE: g.canWrite ? '1' : '0',
    CREDCANARY_SIM_DENY_BRANCHES: g.denyBranches.join('\n'),
  };
  if (g.remoteUser) env.REMOTE_USER = g.remoteUser;
  if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
  if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string') env.GIT_PROTOCOL = protocol;
  const receivePack = g.search.get('service') === 'git-receive-pack' || g.rest === 'git-receive-pack';
  runCgi(core.children, req, res, env, () => {
    if (receivePack) core.git.invalidate(g.repoDir);
  });
}

/** Bridges one CGI run: request body → stdin; `Status:` and headers → response head; the rest streams. */
function runCgi(
  children: Set<ChildProcess>,
  req: IncomingMessage,
  res: ServerResponse,
  env: NodeJS.ProcessEnv,
  onDone: () => void,
): void {
  const child = spawn(httpBackend(), [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  child.stdin.on('error', () => undefined);
  child.stderr.resume();
  req.pipe(child.stdin);
  const kill = (): void => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  res.on('close', kill);
  let head = Buffer.alloc(0);
  let started = false;
  const onData = (chunk: Buffer): void => {
    head = Buffer.concat([head, chunk]);
    let end = head.indexOf('\r\n\r\n');
    let sepLen = 4;
    if (end < 0) {
      end = head.indexOf('\n\n');
      sepLen = 2;
    }
    if (end < 0) return;
    started = true;
    child.stdout.off('data', onData);
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200;
      else headers[name] = value;
    }
    res.writeHead(status, headers);
    const restBody = head.subarray(end + sepLen);
    if (restBody.length > 0) res.write(restBody);
    // receive-pack reports status only after updating refs: drop caches before the client can read the answer.
    child.stdout.once('end', onDone);
    child.stdout.pipe(res);
  };
  child.stdout.on('data', onData);
  child.on('close', () => {
    children.delete(child);
    onDone();
    if (!started && !res.headersSent) sendPlain(res, 500, 'git http-backend failed');
  });
  child.on('error', () => {
    children.delete(child);
    if (!res.headersSent) sendPlain(res, 500, 'git http-backend could not start');
  });
}
