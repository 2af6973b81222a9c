import type { HttpClient } from '../http/client.js';
import type { ForgeSpec } from '../inventory/schema.js';
import type { ScopeCategory } from '../core/gitea-scopes.js';
import { GITEA_SHAPE, firstBodyLine, speakerOf } from '../core/forge-response.js';
import { basicAuthorization, redact } from '../secrets/redact.js';
import type { ApiCall, Auth, ForgeApi, Provider } from './types.js';

// Names chosen so that nothing exists there. The scope check runs before the lookup
// (gitea-api-facts.md §3), so a request for a missing thing answers 403 without the scope and 404 with it.
const NOWHERE_OWNER = 'credcanary-scope-probe-0';
const NOWHERE_REPO = 'does-not-exist-0';

// One GET per scope category that only that category's read scope guards (routers/api/v1/api.go).
const READ_PROBES: Partial<Record<ScopeCategory, string>> = {
  user: '/user',
  repository: `/repos/${NOWHERE_OWNER}/${NOWHERE_REPO}`,
  organization: `/orgs/${NOWHERE_OWNER}`,
  notification: '/notifications?limit=1',
  issue: '/repos/issues/search?limit=1',
  package: `/packages/${NOWHERE_OWNER}`,
  admin: '/admin/users?limit=1',
};

// Writes aimed at things that do not exist: the scope check answers first (403) or the lookup
// rejects them (404). Nothing is ever created or changed.
const WRITE_PROBES: Partial<Record<ScopeCategory, { method: string; path: string }>> = {
  repository: { method: 'PATCH', path: `/repos/${NOWHERE_OWNER}/${NOWHERE_REPO}` },
  organization: { method: 'PATCH', path: `/orgs/${NOWHERE_OWNER}` },
  issue: { method: 'PATCH', path: `/repos/${NOWHERE_OWNER}/${NOWHERE_REPO}/issues/1` },
  package: { method: 'DELETE', path: `/packages/${NOWHERE_OWNER}/generic/${NOWHERE_REPO}/0.0.0` },
  notification: { method: 'PATCH', path: '/notifications/threads/0' },
};

function authHeaders(auth: Auth): Record<string, string> {
  switch (auth.kind) {
    case 'token':
      // Lower-case `token` is the one scheme every Gitea and Forgejo version parses (§1.1): a
      // capitalised `Token` is silently anonymous on ≤1.24 and Forgejo.
      return { authorization: `token ${auth.token}` };
    case 'basic':
      return { authorization: basicAuthorization(auth.username, auth.password) };
    case 'anonymous':
      return {};
  }
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function splitRepo(repo: string): string {
  const [owner, name] = repo.split('/');
  return `${encodeURIComponent(owner ?? '')}/${encodeURIComponent(name ?? '')}`;
}

/** The Gitea/Forgejo REST API (v1). */
export class GiteaApi implements ForgeApi {
  private readonly base: string;

  constructor(
    readonly forge: ForgeSpec,
    private readonly http: HttpClient,
  ) {
    this.base = `${forge.url.replace(/\/+$/, '')}/api/v1`;
  }

  private async call(auth: Auth, method: string, pathAndQuery: string, body?: unknown, raw = false): Promise<ApiCall> {
    const headers = authHeaders(auth);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const outcome = await this.http.send({
      method,
      url: `${this.base}${pathAndQuery}`,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    let json: unknown = null;
    let message: string | null = null;
    if (outcome.kind === 'response' && /json/i.test(outcome.headers.get('content-type') ?? '')) {
      try {
        json = JSON.parse(outcome.body);
        if (json && typeof json === 'object' && 'message' in json && typeof json.message === 'string') message = json.message;
      } catch {
        json = null;
      }
    }
    const path = pathAndQuery.split('?')[0] ?? pathAndQuery;
    const speaker = speakerOf(outcome, json, GITEA_SHAPE, raw);
    const line = speaker === 'foreign' && outcome.kind === 'response' ? firstBodyLine(outcome.body) : null;
    // Only a message the forge itself sent is a forge message; a front's JSON `message` is evidence at most.
    return { request: `${method} /api/v1${path}`, outcome, json, message: speaker === 'forge' ? message : null, speaker, bodyLine: line === null ? null : redact(line) };
  }

  /** `GET /user`. */
  currentUser(auth: Auth): Promise<ApiCall> {
    return this.call(auth, 'GET', '/user');
  }

  /** `GET /repos/{owner}/{repo}`. */
  repository(auth: Auth, repo: string): Promise<ApiCall> {
    return this.call(auth, 'GET', `/repos/${splitRepo(repo)}`);
  }

  /** `GET /repos/{owner}/{repo}/branches/{branch}`. */
  branch(auth: Auth, repo: string, branch: string): Promise<ApiCall> {
    return this.call(auth, 'GET', `/repos/${splitRepo(repo)}/branches/${encodePath(branch)}`);
  }

  /** `GET /repos/{owner}/{repo}/raw/{path}?ref=`. */
  rawFile(auth: Auth, repo: string, path: string, ref: string | undefined): Promise<ApiCall> {
    const query = ref ? `?ref=${encodeURIComponent(ref)}` : '';
    return this.call(auth, 'GET', `/repos/${splitRepo(repo)}/raw/${encodePath(path.replace(/^\/+/, ''))}${query}`, undefined, true);
  }

  /** `GET /version`: every Gitea and Forgejo answers it anonymously with `{"version": …}`. */
  landmark(auth: Auth): Promise<ApiCall> {
    return this.call(auth, 'GET', '/version');
  }

  /** `GET /users/{login}/tokens` (basic auth only, §4). */
  listTokens(auth: Auth, login: string): Promise<ApiCall> {
    return this.call(auth, 'GET', `/users/${encodeURIComponent(login)}/tokens?limit=50`);
  }

  /** A GET guarded only by the category's read scope. */
  scopeReadProbe(auth: Auth, category: ScopeCategory): Promise<ApiCall> | null {
    const path = READ_PROBES[category];
    return path ? this.call(auth, 'GET', path) : null;
  }

  /** A write the forge rejects after its scope check. */
  scopeWriteProbe(auth: Auth, category: ScopeCategory): Promise<ApiCall> | null {
    const probe = WRITE_PROBES[category];
    return probe ? this.call(auth, probe.method, probe.path, {}) : null;
  }

  /** `https://host/owner/repo.git`. */
  gitUrl(repo: string): string {
    return `${this.forge.url.replace(/\/+$/, '')}/${splitRepo(repo)}.git`;
  }
}

/** Gitea and Forgejo share one API family. */
export const giteaProvider: Provider = {
  create: (forge, http) => new GiteaApi(forge, http),
};
