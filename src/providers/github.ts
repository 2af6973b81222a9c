import type { components } from '@octokit/openapi-types';
import type { HttpClient, HttpResponse } from '../http/client.js';
import type { ForgeSpec } from '../inventory/schema.js';
import { GITHUB_PERMISSION } from '../core/scope-algebra.js';
import { authHeaders, encodePath, encodeRepo, looksAbsent, okObject, sendCall, statusOf, stringField, type AnswerReader } from './call.js';
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
  ScopeFinding,
  ScopeQuestion,
  UserAnswer,
} from './types.js';

// GitHub and GitHub Enterprise Server (github-gitlab-ci-facts.md §1–§3, §6). Response shapes are the
// OpenAPI schemas of @octokit/openapi-types; requests go through the project's HTTP client.

type FullRepository = components['schemas']['full-repository'];
type BranchWithProtection = components['schemas']['branch-with-protection'];
type BranchProtection = components['schemas']['branch-protection'];
type PrivateUser = components['schemas']['private-user'];

/** API and web bases: github.com's API lives on api.github.com, Enterprise Server's under `/api/v3`. */
export function githubBases(url: string): { api: string; web: string } {
  const web = url.replace(/\/+$/, '').replace(/\/api\/v3$/, '');
  const host = new URL(web).hostname.toLowerCase();
  if (host === 'github.com' || host === 'www.github.com') return { api: 'https://api.github.com', web: 'https://github.com' };
  if (host === 'api.github.com') return { api: 'https://api.github.com', web: 'https://github.com' };
  return { api: `${web}/api/v3`, web };
}

/** Parses GitHub-Authentication-Token-Expiration: `2026-12-10 12:00:00 UTC` or `2023-04-26 20:23:26 +0200` (go-github). */
export function parseGitHubExpiry(value: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (UTC|[+-]\d{4})$/.exec(value.trim());
  if (!m) return null;
  const zone = m[3] === 'UTC' ? 'Z' : `${m[3]!.slice(0, 3)}:${m[3]!.slice(3)}`;
  const d = new Date(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** What kind of token a value is, from GitHub's documented prefixes (§1 "Prefixes"). */
export function githubTokenKind(token: string): string | null {
  if (token.startsWith('ghp_')) return 'classic PAT';
  if (token.startsWith('github_pat_')) return 'fine-grained PAT';
  if (token.startsWith('ghs_')) return 'App installation token';
  if (token.startsWith('gho_')) return 'OAuth token';
  if (token.startsWith('ghu_')) return 'App user token';
  return null;
}

/** Reads GitHub's refusals: rate limits before anything else (403 is also a rate-limit status), then permissions. */
export const GITHUB_READER: AnswerReader = {
  // GitHub's errors are `{"message": …, "documentation_url": …}` (schema basic-error).
  shape: { isOwnError: (json) => stringField(json, 'message') !== null && stringField(json, 'documentation_url') !== null },
  messageOf: (json) => stringField(json, 'message'),
  refusalOf(res: HttpResponse, _json, message): Refusal | null {
    const text = message ?? `HTTP ${res.status}`;
    if (res.status === 401) return { kind: 'bad-credentials', text };
    const retryAfter = Number.parseInt(res.headers.get('retry-after') ?? '', 10);
    const reset = Number.parseInt(res.headers.get('x-ratelimit-reset') ?? '', 10);
    const primary = res.headers.get('x-ratelimit-remaining') === '0';
    if ((res.status === 403 || res.status === 429) && (primary || Number.isFinite(retryAfter) || /rate limit|login attempts/i.test(text))) {
      return { kind: 'rate-limited', text, retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : null, resetAt: primary && Number.isFinite(reset) ? new Date(reset * 1000).toISOString() : null };
    }
    if (res.status !== 403) return null;
    if (res.headers.has('x-github-sso')) return { kind: 'sso-required', text };
    const accepted = res.headers.get('x-accepted-github-permissions');
    // `;` separates alternatives, `,` permissions needed together (troubleshooting-the-rest-api.md).
    if (accepted) {
      const alternatives = accepted.split(';').map((alt) => alt.split(',').map((p) => p.trim()).filter(Boolean).join(' and ')).filter(Boolean);
      return { kind: 'scope-missing', required: alternatives, tokenScopes: null, text };
    }
    const oauth = res.headers.get('x-accepted-oauth-scopes');
    if (oauth) return { kind: 'scope-missing', required: oauth.split(',').map((s) => s.trim()).filter(Boolean), tokenScopes: (res.headers.get('x-oauth-scopes') ?? '').split(',').map((s) => s.trim()).filter(Boolean), text };
    if (/not accessible by integration/i.test(text)) return { kind: 'not-a-user', text };
    return { kind: 'forbidden', text };
  },
};

function permissionsOf(json: Record<string, unknown> | null, anonymous: boolean): RepoPermissions | null {
  if (!json) return null;
  const p = (json as Partial<FullRepository>).permissions;
  if (p) return { admin: p.admin, push: p.push, pull: p.pull };
  // Without permissions GitHub is answering an anonymous caller: a public repository is readable by anyone.
  return anonymous && (json as Partial<FullRepository>).private === false ? { admin: false, push: false, pull: true } : null;
}

/** The GitHub REST API (github.com or Enterprise Server). */
export class GitHubApi implements ForgeApi {
  readonly family = 'GitHub';
  private readonly api: string;
  private readonly web: string;

  constructor(
    readonly forge: ForgeSpec,
    private readonly http: HttpClient,
  ) {
    ({ api: this.api, web: this.web } = githubBases(forge.url));
  }

  unsupported(): string | null {
    return null;
  }

  private call(auth: Auth, path: string, accept = 'application/vnd.github+json', raw = false): Promise<ApiCall> {
    const headers = { accept, 'x-github-api-version': '2022-11-28', ...authHeaders(auth, (t) => ({ authorization: `Bearer ${t}` })) };
    const display = `GET ${new URL(this.api).pathname.replace(/\/$/, '')}${path.split('?')[0]}`;
    return sendCall(this.http, { method: 'GET', url: `${this.api}${path}`, display, headers, raw }, GITHUB_READER);
  }

  private async user(auth: Auth): Promise<UserAnswer> {
    const call = await this.call(auth, '/user');
    return { ...call, login: stringField(okObject(call) as Partial<PrivateUser> | null, 'login') };
  }

  /** `GET /user`; an installation token (403 there) is proven by `GET /installation/repositories` instead. */
  async identity(token: string): Promise<IdentityAnswer> {
    const auth: Auth = { kind: 'token', token };
    const [authed, control] = await Promise.all([this.user(auth), this.user({ kind: 'anonymous' })]);
    const header = authed.outcome.kind === 'response' && authed.outcome.headers.has('x-oauth-scopes');
    let tokenKind = githubTokenKind(token) ?? (header ? 'classic PAT or OAuth token' : null);
    let installation: IdentityAnswer['installation'] = null;
    if (authed.refusal?.kind === 'not-a-user') {
      const [instAuthed, instControl] = await Promise.all([this.call(auth, '/installation/repositories?per_page=1'), this.call({ kind: 'anonymous' }, '/installation/repositories?per_page=1')]);
      const total = okObject(instAuthed)?.['total_count'];
      installation = { authed: instAuthed, control: instControl, repositories: typeof total === 'number' ? total : null };
      tokenKind = 'App installation token';
    }
    // GET /rate_limit answers anyone in GitHub's own JSON: is there a GitHub API at url at all?
    const landmark = looksAbsent(authed) ? await this.call({ kind: 'anonymous' }, '/rate_limit') : null;
    return { authed, control, tokenKind, installation, landmark };
  }

  /** Classic tokens: X-OAuth-Scopes (exact). Fine-grained and installation tokens: permissions probed per repository. */
  async scopes(q: ScopeQuestion): Promise<ScopeAnswer> {
    const auth: Auth = { kind: 'token', token: q.token };
    const me = await this.call(auth, '/user');
    const header = me.outcome.kind === 'response' ? me.outcome.headers.get('x-oauth-scopes') : null;
    if (header !== null && statusOf(me) === 200) {
      const granted = header.split(',').map((s) => s.trim()).filter(Boolean);
      return { method: 'the X-OAuth-Scopes header', calls: [me], granted, probed: {}, excess: [], proven: true, unverifiedHint: null };
    }
    const calls: ApiCall[] = [me];
    const probed: Record<string, ScopeFinding> = {};
    const repo = q.repos[0]?.repo;
    for (const need of q.required) {
      if (!GITHUB_PERMISSION.test(need)) {
        probed[need] = 'unknown';
        continue;
      }
      const [permission, level] = need.split('=') as [string, string];
      const path = level === 'read' && repo ? READ_PROBES[permission]?.(encodeRepo(repo)) : undefined;
      if (!path) {
        probed[need] = 'unknown';
        continue;
      }
      const call = await this.call(auth, path);
      calls.push(call);
      const status = statusOf(call);
      probed[need] = call.refusal?.kind === 'scope-missing' ? 'denied' : status === 200 || status === 404 ? 'granted' : 'unknown';
    }
    const proven = q.authenticated || calls.some((c) => c.refusal?.kind === 'scope-missing');
    return {
      method: 'requests each needed permission guards (a fine-grained or installation token shows no scopes)',
      calls,
      granted: null,
      probed,
      excess: [],
      proven,
      unverifiedHint: 'Fine-grained and App tokens have repository permissions, not scopes: list them as permission=level (e.g. contents=read, metadata=read); read levels are probed on the first repository, write levels are proved by git-auth (contents=write) or stay unverified.',
    };
  }

  /** `GET /repos/{o}/{r}` → `permissions` (the user's role; facts §2). */
  async repository(auth: Auth, repo: string): Promise<RepoAnswer> {
    const call = await this.call(auth, `/repos/${encodeRepo(repo)}`);
    return { ...call, permissions: permissionsOf(okObject(call), auth.kind === 'anonymous') };
  }

  /** Push right: the repository's `push` permission, then for a protected branch its rules (readable by admins only). */
  async branch(auth: Auth, repo: string, branch: string, login: string | null): Promise<BranchAnswer> {
    const [call, repoCall] = await Promise.all([this.call(auth, `/repos/${encodeRepo(repo)}/branches/${encodePath(branch)}`), this.repository(auth, repo)]);
    const b = okObject(call) as Partial<BranchWithProtection> | null;
    const base = { ...call, protected: b?.protected === true, more: [repoCall as ApiCall] };
    if (!b) return { ...base, canPush: null, unknownWhy: null };
    const perms = repoCall.permissions;
    if (!perms) return { ...base, canPush: null, unknownWhy: `${repoCall.request} gave no permissions` };
    if (!perms.push) return { ...base, canPush: false, unknownWhy: null };
    if (!b.protected) return { ...base, canPush: true, unknownWhy: null };
    const pc = await this.call(auth, `/repos/${encodeRepo(repo)}/branches/${encodePath(branch)}/protection`);
    const more = [repoCall as ApiCall, pc];
    const rule = okObject(pc) as Partial<BranchProtection> | null;
    if (!rule) {
      return { ...base, more, canPush: null, unknownWhy: `${branch} is protected and ${pc.request} returned ${statusOf(pc) || 'nothing'}: GitHub shows protection rules to repository administrators only` };
    }
    if (rule.lock_branch?.enabled) return { ...base, more, canPush: false, unknownWhy: null };
    if (rule.required_pull_request_reviews && !(perms.admin && !rule.enforce_admins?.enabled)) return { ...base, more, canPush: false, unknownWhy: null };
    const restricted = rule.restrictions;
    if (!restricted) return { ...base, more, canPush: true, unknownWhy: null };
    if (!login) return { ...base, more, canPush: null, unknownWhy: 'pushes are restricted to named users, teams and apps, and the token names no user' };
    const allowed = restricted.users.some((u) => (u.login ?? '').toLowerCase() === login.toLowerCase());
    return { ...base, more, canPush: allowed ? true : restricted.teams.length > 0 ? null : false, unknownWhy: allowed || restricted.teams.length === 0 ? null : 'pushes are restricted to teams, whose members only organisation members can list' };
  }

  /** `GET /repos/{o}/{r}/contents/{path}?ref=` with the raw media type. */
  rawFile(auth: Auth, repo: string, path: string, ref: string | undefined): Promise<ApiCall> {
    const query = ref ? `?ref=${encodeURIComponent(ref)}` : '';
    return this.call(auth, `/repos/${encodeRepo(repo)}/contents/${encodePath(path)}${query}`, 'application/vnd.github.raw+json', true);
  }

  /** GitHub-Authentication-Token-Expiration on `GET /rate_limit` (free of the primary quota). */
  async expiry(token: string): Promise<ExpiryAnswer> {
    const call = await this.call({ kind: 'token', token }, '/rate_limit');
    const source = 'the GitHub-Authentication-Token-Expiration header';
    if (call.outcome.kind !== 'response' || statusOf(call) !== 200) return { kind: 'unknown', source, call };
    const header = call.outcome.headers.get('github-authentication-token-expiration');
    if (header === null) {
      const why = token.startsWith('ghs_') ? 'absent; App installation tokens expire one hour after they are minted' : 'absent: the token has no expiry date';
      return { kind: 'never', source: `${source} (${why})`, call };
    }
    const at = parseGitHubExpiry(header);
    return at ? { kind: 'at', at: at.toISOString(), source, call } : { kind: 'unknown', source: `${source} ("${header}" is in neither known format)`, call };
  }

  /** actions/checkout's form: `x-access-token` as the Basic username, for any token (§6). */
  gitRemote(repo: string): { url: string; username: string } {
    return { url: `${this.web}/${encodeRepo(repo)}.git`, username: 'x-access-token' };
  }
}

// GETs that only the named fine-grained permission guards; a 404 is past the permission check.
const READ_PROBES: Record<string, (repo: string) => string> = {
  metadata: (repo) => `/repos/${repo}`,
  contents: (repo) => `/repos/${repo}/contents/.credcanary-permission-probe`,
};

/** GitHub.com and GitHub Enterprise Server. */
export const githubProvider: Provider = {
  create: (forge, http) => new GitHubApi(forge, http),
};
