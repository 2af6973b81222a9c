import type { HttpClient, HttpResponse } from '../http/client.js';
import type { ForgeSpec } from '../inventory/schema.js';
import { SCOPE_CATEGORIES, parseScopeRejection, parseScopes, type ScopeCategory } from '../core/gitea-scopes.js';
import type { ProbeId } from '../core/verdict.js';
import { GITEA_SHAPE } from '../core/forge-response.js';
import { authHeaders, encodePath, encodeRepo, looksAbsent, okObject, sendCall, stringField, type AnswerReader } from './call.js';
import { giteaScopeAnswer, matchTokenList, type GiteaScopeCalls } from './gitea-scopes.js';
import type { ApiCall, Auth, BranchAnswer, ForgeApi, IdentityAnswer, Provider, Refusal, RepoAnswer, ScopeAnswer, ScopeQuestion, UserAnswer } from './types.js';

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

/** Reads Gitea's refusals: 401, scope 403s (both formats), public-only tokens, disabled accounts. */
export const GITEA_READER: AnswerReader = {
  shape: GITEA_SHAPE,
  messageOf: (json) => stringField(json, 'message'),
  refusalOf(res: HttpResponse, _json, message): Refusal | null {
    const text = message ?? `HTTP ${res.status}`;
    if (res.status === 401) return { kind: 'bad-credentials', text };
    if (res.status !== 403) return null;
    const scope = message ? parseScopeRejection(message) : null;
    if (scope) return { kind: 'scope-missing', required: scope.required, tokenScopes: scope.tokenScopes, text };
    if (message && /token scope is limited to public/i.test(message)) return { kind: 'scope-missing', required: ['(not public-only)'], tokenScopes: null, text };
    return { kind: 'account-blocked', text };
  },
};

/** Reads a Gitea `/user` answer: the login. */
export function giteaUser(call: ApiCall): UserAnswer {
  return { ...call, login: stringField(okObject(call), 'login') };
}

/** Reads a Gitea repository answer: `permissions`. */
export function giteaRepo(call: ApiCall): RepoAnswer {
  const p = okObject(call)?.['permissions'] as Record<string, unknown> | undefined;
  return { ...call, permissions: p && typeof p === 'object' ? { admin: p['admin'] === true, push: p['push'] === true, pull: p['pull'] === true } : null };
}

/** Reads a Gitea branch answer: `user_can_push` (covers protection push whitelists) and `protected`. */
export function giteaBranch(call: ApiCall): BranchAnswer {
  const b = okObject(call);
  const canPush = b && typeof b['user_can_push'] === 'boolean' ? b['user_can_push'] : null;
  return { ...call, canPush, protected: b?.['protected'] === true, unknownWhy: null, more: [] };
}

/** The Gitea/Forgejo REST API (v1). */
export class GiteaApi implements ForgeApi {
  readonly family: string;
  private readonly base: string;

  constructor(
    readonly forge: ForgeSpec,
    private readonly http: HttpClient,
  ) {
    this.base = `${forge.url.replace(/\/+$/, '')}/api/v1`;
    this.family = forge.type === 'forgejo' ? 'Forgejo' : 'Gitea';
  }

  unsupported(probe: ProbeId): string | null {
    return probe === 'expiry' ? `${this.family} access tokens do not expire, so there is no expiry to watch` : null;
  }

  private call(auth: Auth, method: string, pathAndQuery: string, body?: unknown, raw = false): Promise<ApiCall> {
    // Lower-case `token` is the one scheme every Gitea and Forgejo version parses (§1.1): a
    // capitalised `Token` is silently anonymous on ≤1.24 and Forgejo.
    const headers = authHeaders(auth, (t) => ({ authorization: `token ${t}` }));
    if (body !== undefined) headers['content-type'] = 'application/json';
    const path = pathAndQuery.split('?')[0] ?? pathAndQuery;
    return sendCall(this.http, { method, url: `${this.base}${pathAndQuery}`, display: `${method} /api/v1${path}`, headers, raw, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }, GITEA_READER);
  }

  private async user(auth: Auth): Promise<UserAnswer> {
    return giteaUser(await this.call(auth, 'GET', '/user'));
  }

  /** `GET /user`, with the token and without; `GET /version` when `/user` looked absent. */
  async identity(token: string): Promise<IdentityAnswer> {
    const [authed, control] = await Promise.all([this.user({ kind: 'token', token }), this.user({ kind: 'anonymous' })]);
    const landmark = looksAbsent(authed) ? await this.call({ kind: 'anonymous' }, 'GET', '/version') : null;
    return { authed, control, tokenKind: null, installation: null, landmark };
  }

  /** The persona's token list (with its password), the echoed scope string, or guarded requests. */
  async scopes(q: ScopeQuestion): Promise<ScopeAnswer> {
    const auth: Auth = { kind: 'token', token: q.token };
    const c: GiteaScopeCalls = { tokenList: null, reads: {}, writes: {} };
    if (q.password) {
      const password = await q.readSecret(q.password);
      if (password) {
        const call = await this.call({ kind: 'basic', username: q.login, password }, 'GET', `/users/${encodeURIComponent(q.login)}/tokens?limit=50`);
        c.tokenList = { call, ...matchTokenList(call, q.token) };
        if (c.tokenList.matched) return giteaScopeAnswer(c, q.required, q.authenticated, q.login);
      }
    }
    await Promise.all(
      SCOPE_CATEGORIES.filter((cat) => cat !== 'user').map(async (cat) => {
        const path = READ_PROBES[cat];
        if (path) c.reads[cat] = await this.call(auth, 'GET', path);
      }),
    );
    const echoed = Object.values(c.reads).some((x) => x?.refusal?.kind === 'scope-missing' && x.refusal.tokenScopes);
    if (!echoed && q.probeWrites) {
      const need = parseScopes(q.required).levels;
      await Promise.all(
        SCOPE_CATEGORIES.filter((cat) => need[cat] === 2 && c.reads[cat]?.refusal?.kind !== 'scope-missing').map(async (cat) => {
          const probe = WRITE_PROBES[cat];
          if (probe) c.writes[cat] = await this.call(auth, probe.method, probe.path, {});
        }),
      );
    }
    return giteaScopeAnswer(c, q.required, q.authenticated, q.login);
  }

  /** `GET /repos/{owner}/{repo}` → `permissions`. */
  async repository(auth: Auth, repo: string): Promise<RepoAnswer> {
    return giteaRepo(await this.call(auth, 'GET', `/repos/${encodeRepo(repo)}`));
  }

  /** `GET /repos/{owner}/{repo}/branches/{branch}` → `user_can_push` (covers protection push whitelists). */
  async branch(auth: Auth, repo: string, branch: string): Promise<BranchAnswer> {
    return giteaBranch(await this.call(auth, 'GET', `/repos/${encodeRepo(repo)}/branches/${encodePath(branch)}`));
  }

  /** `GET /repos/{owner}/{repo}/raw/{path}?ref=`. */
  rawFile(auth: Auth, repo: string, path: string, ref: string | undefined): Promise<ApiCall> {
    const query = ref ? `?ref=${encodeURIComponent(ref)}` : '';
    return this.call(auth, 'GET', `/repos/${encodeRepo(repo)}/raw/${encodePath(path)}${query}`, undefined, true);
  }

  /** `https://host/owner/repo.git`; git sends the persona's login with the token as password. */
  gitRemote(repo: string, login: string): { url: string; username: string } {
    return { url: `${this.forge.url.replace(/\/+$/, '')}/${encodeRepo(repo)}.git`, username: login };
  }
}

/** Gitea and Forgejo share one API family. */
export const giteaProvider: Provider = {
  create: (forge, http) => new GiteaApi(forge, http),
};
