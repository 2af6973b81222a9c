import type { HttpClient, HttpResponse } from '../http/client.js';
import type { ForgeSpec } from '../inventory/schema.js';
import { authHeaders, looksAbsent, okObject, sendCall, stringField, type AnswerReader } from './call.js';
import type {
  ApiCall,
  Auth,
  BranchAnswer,
  ExpiryAnswer,
  ForgeApi,
  IdentityAnswer,
  Provider,
  Refusal,
  RepoAnswer,
  RepoPermissions,
  ScopeAnswer,
  ScopeQuestion,
  UserAnswer,
} from './types.js';

// GitLab (github-gitlab-ci-facts.md §7). Response types are hand-written from the facts file (the few
// fields read here; @gitbeaker/core would add a 5 MB dependency for them); requests go through the
// project's HTTP client.

/** `GET /personal_access_tokens/self`. */
interface GitLabTokenSelf {
  id: number;
  name: string;
  revoked: boolean;
  active: boolean;
  scopes: string[];
  user_id: number;
  expires_at: string | null;
}

/** The fields of `GET /projects/:id` read here. */
interface GitLabProject {
  visibility?: 'private' | 'internal' | 'public';
  permissions?: { project_access: { access_level: number } | null; group_access: { access_level: number } | null };
}

/** The fields of `GET /projects/:id/repository/branches/:branch` read here. */
interface GitLabBranch {
  protected: boolean;
  can_push: boolean;
}

/** Reads GitLab's refusals: its 401 shapes (api_guard.rb), insufficient_scope, blocked accounts. */
export const GITLAB_READER: AnswerReader = {
  // GitLab's errors are `{"message": …}` (text or a field map) or OAuth-style `{"error": …, "error_description": …}`.
  shape: {
    isOwnError: (json) =>
      !!json && typeof json === 'object' && !Array.isArray(json) &&
      (typeof (json as { message?: unknown }).message === 'string' || typeof (json as { message?: unknown }).message === 'object' || stringField(json, 'error') !== null),
  },
  messageOf: (json) => stringField(json, 'error_description') ?? stringField(json, 'message') ?? stringField(json, 'error'),
  refusalOf(res: HttpResponse, json, message): Refusal | null {
    const text = message ?? `HTTP ${res.status}`;
    if (res.status === 401) return /expired/i.test(text) ? { kind: 'expired', text } : { kind: 'bad-credentials', text };
    if (res.status !== 403) return null;
    if (stringField(json, 'error') === 'insufficient_scope') {
      return { kind: 'scope-missing', required: (stringField(json, 'scope') ?? '').split(/\s+/).filter(Boolean), tokenScopes: null, text };
    }
    if (/blocked|deactivated|locked/i.test(text)) return { kind: 'account-blocked', text };
    return { kind: 'forbidden', text };
  },
};

const REPORTER = 20;
const DEVELOPER = 30;
const MAINTAINER = 40;

/** The GitLab REST API (v4). */
export class GitLabApi implements ForgeApi {
  readonly family = 'GitLab';
  private readonly base: string;
  private readonly web: string;

  constructor(
    readonly forge: ForgeSpec,
    private readonly http: HttpClient,
  ) {
    this.web = forge.url.replace(/\/+$/, '').replace(/\/api\/v4$/, '');
    this.base = `${this.web}/api/v4`;
  }

  unsupported(): string | null {
    return null;
  }

  private call(auth: Auth, path: string, raw = false): Promise<ApiCall> {
    const headers = { accept: 'application/json', ...authHeaders(auth, (t) => ({ 'private-token': t })) };
    const display = `GET ${new URL(this.base).pathname}${path.split('?')[0]}`;
    return sendCall(this.http, { method: 'GET', url: `${this.base}${path}`, display, headers, raw }, GITLAB_READER);
  }

  private async user(auth: Auth): Promise<UserAnswer> {
    const call = await this.call(auth, '/user');
    return { ...call, login: stringField(okObject(call), 'username') };
  }

  /** `GET /user`; project and group access tokens answer as their bot users. */
  async identity(token: string): Promise<IdentityAnswer> {
    const [authed, control] = await Promise.all([this.user({ kind: 'token', token }), this.user({ kind: 'anonymous' })]);
    const bot = okObject(authed)?.['bot'] === true || /^(project|group)_\d+_bot_/.test(authed.login ?? '');
    const kind = /^group_\d+_bot_/.test(authed.login ?? '') ? 'group access token' : bot ? 'project access token' : authed.login ? 'personal access token' : null;
    // GET /version answers an anonymous caller with GitLab's own 401 JSON: is there a GitLab API at url at all?
    const landmark = looksAbsent(authed) ? await this.call({ kind: 'anonymous' }, '/version') : null;
    return { authed, control, tokenKind: kind, installation: null, landmark };
  }

  /** `GET /personal_access_tokens/self` (any scope may read itself): the exact scopes. */
  async scopes(q: ScopeQuestion): Promise<ScopeAnswer> {
    const call = await this.call({ kind: 'token', token: q.token }, '/personal_access_tokens/self');
    const self = okObject(call) as Partial<GitLabTokenSelf> | null;
    const granted = Array.isArray(self?.scopes) ? self.scopes.filter((s): s is string => typeof s === 'string') : null;
    return {
      method: call.request,
      calls: [call],
      granted,
      probed: granted ? {} : Object.fromEntries(q.required.map((s) => [s, 'unknown' as const])),
      excess: [],
      proven: q.authenticated,
      unverifiedHint: granted ? null : `GitLab older than 15.5 has no ${call.request}; check the token's scopes in its settings page.`,
    };
  }

  /** `GET /projects/:id` → the higher of project and group access level. */
  async repository(auth: Auth, repo: string): Promise<RepoAnswer> {
    const call = await this.call(auth, `/projects/${encodeURIComponent(repo)}`);
    const p = okObject(call) as GitLabProject | null;
    let permissions: RepoPermissions | null = null;
    if (p) {
      const level = Math.max(p.permissions?.project_access?.access_level ?? 0, p.permissions?.group_access?.access_level ?? 0);
      // Anyone who sees a public (or, signed in, an internal) project may read its code.
      const openRead = p.visibility === 'public' || (p.visibility === 'internal' && auth.kind !== 'anonymous');
      permissions = { admin: level >= MAINTAINER, push: level >= DEVELOPER, pull: level >= REPORTER || openRead };
    }
    return { ...call, permissions };
  }

  /** `GET /projects/:id/repository/branches/:branch` → `can_push` (protection included). */
  async branch(auth: Auth, repo: string, branch: string): Promise<BranchAnswer> {
    const call = await this.call(auth, `/projects/${encodeURIComponent(repo)}/repository/branches/${encodeURIComponent(branch)}`);
    const b = okObject(call) as Partial<GitLabBranch> | null;
    const canPush = b && typeof b.can_push === 'boolean' ? b.can_push : null;
    return { ...call, canPush, protected: b?.protected === true, unknownWhy: null, more: [] };
  }

  /** `GET /projects/:id/repository/files/:path/raw?ref=` (HEAD when no ref: the default branch). */
  rawFile(auth: Auth, repo: string, path: string, ref: string | undefined): Promise<ApiCall> {
    return this.call(auth, `/projects/${encodeURIComponent(repo)}/repository/files/${encodeURIComponent(path.replace(/^\/+/, ''))}/raw?ref=${encodeURIComponent(ref ?? 'HEAD')}`, true);
  }

  /** `expires_at` of `GET /personal_access_tokens/self`: the token stops working at 00:00 UTC that day. */
  async expiry(token: string): Promise<ExpiryAnswer> {
    const call = await this.call({ kind: 'token', token }, '/personal_access_tokens/self');
    const source = `expires_at of ${call.request}`;
    const self = okObject(call) as Partial<GitLabTokenSelf> | null;
    if (!self || !('expires_at' in self)) return { kind: 'unknown', source, call };
    if (self.expires_at === null || self.expires_at === undefined) return { kind: 'never', source, call };
    const at = new Date(`${self.expires_at}T00:00:00Z`);
    return Number.isNaN(at.getTime()) ? { kind: 'unknown', source, call } : { kind: 'at', at: at.toISOString(), source, call };
  }

  /** `oauth2` as the Basic username, the token as password. */
  gitRemote(repo: string): { url: string; username: string } {
    return { url: `${this.web}/${repo.split('/').map(encodeURIComponent).join('/')}.git`, username: 'oauth2' };
  }
}

/** GitLab.com and self-managed GitLab. */
export const gitlabProvider: Provider = {
  create: (forge, http) => new GitLabApi(forge, http),
};
