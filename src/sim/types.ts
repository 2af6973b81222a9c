// The public shape of the forge simulator. Other folders code against these names, so they only grow.

/** Options for `startForgeSim`; each maps to a Gitea setting or release whose behaviour differs. */
export interface SimOptions {
  /** Which forge to imitate; Forgejo differs in query tokens, header case and several texts. Default 'gitea'. */
  flavor?: 'gitea' | 'forgejo';
  /** Gitea release whose texts and header rules to reproduce, e.g. '1.26.0' (default), '1.25.1', '1.24.0', '1.22.0'; Forgejo default '12.0.0'. */
  version?: string;
  /** Inverse of `[security] DISABLE_QUERY_AUTH_TOKEN`; default true on Gitea, always false on Forgejo (query token → anonymous). */
  queryAuth?: boolean;
  /** `[service] ENABLE_BASIC_AUTHENTICATION`, default true; false → a bad token in Basic runs anonymously. */
  basicAuth?: boolean;
  /** `[service] REQUIRE_SIGNIN_VIEW`, default false. */
  requireSigninView?: boolean;
  /** `ROOT_URL`; default the listen URL plus '/'. */
  rootUrl?: string;
  /** Where bare repositories live; default a fresh temp dir removed by stop(). */
  dataDir?: string;
}

/** A user account to seed. */
export interface SimUserInput {
  login: string;
  password?: string;
  isAdmin?: boolean;
  fullName?: string;
  email?: string;
  prohibitLogin?: boolean;
}

/** A repository to seed; a real bare git repository with one real commit is created. */
export interface SimRepoInput {
  owner: string;
  name: string;
  private?: boolean;
  /** Default 'main'. */
  defaultBranch?: string;
  /** Extra branches, all pointing at the default branch's commit. */
  branches?: string[];
  /** Files committed on the default branch (path → content). */
  files?: Record<string, string>;
}

/**
 * One injected failure, or a hostile front (proxy, WAF, SSO page) answering in the forge's place;
 * the first matching rule with `times` left applies to a request.
 */
export interface FaultRule {
  /** `auth`: only requests without any credential ('anonymous') or only those with one ('credentialed'). */
  match?: { method?: string; pathPrefix?: string; auth?: 'anonymous' | 'credentialed' };
  /** How many requests it applies to; default Infinity. */
  times?: number;
  latencyMs?: number;
  /** Answer with this status instead of the real response, e.g. 500, 502, 503, 429. */
  status?: number;
  /** Seconds, sent as Retry-After (with status 429 or 503). */
  retryAfter?: number;
  /** Destroy the socket without an answer. */
  reset?: boolean;
  /** Never answer (the socket stays open until the client gives up or stop()). */
  hang?: boolean;
  /**
   * Who the injected `status` answer looks like: 'forge' (default: Gitea's JSON `{message, url}`),
   * 'html' (a WAF, SSO or proxy error page), 'text' (a bare web server's `404 page not found`).
   */
  as?: 'forge' | 'html' | 'text';
  /** Answer with this JSON body instead (status default 200), as a front replaying a cached answer would. */
  json?: unknown;
  /** With `as: 'html'`: the page's title echoes the request's Authorization header, as careless error pages do. */
  echoAuthorization?: boolean;
}

/** One served request, as recorded in `ForgeSim.requests`; never carries a secret. */
export interface SimRequestLog {
  method: string;
  /** Path without the query string. */
  path: string;
  auth: 'none' | 'token-header' | 'bearer-header' | 'basic' | 'query' | 'malformed';
  /** 0 when the connection was reset or closed before an answer. */
  status: number;
  durationMs: number;
}

/** Options for `ForgeSim.addOrg`. */
export interface SimOrgOptions {
  /** Logins in the org's Owners team (Owner access to every org repo, may manage org secrets). */
  owners?: string[];
  fullName?: string;
}

/** Where an Actions secret lives. */
export type SecretScope = { repo: string } | { org: string } | { user: string };

/** An Actions secret as stored (names uppercased). */
export interface SimSecret {
  name: string;
  data: string;
  description: string;
}

/** A running simulator. */
export interface ForgeSim {
  /** 'http://127.0.0.1:PORT' (no trailing slash). */
  url: string;
  /** The ROOT_URL the server reports (ends in '/'). */
  rootUrl: string;
  addUser(input: SimUserInput): void;
  addOrg(login: string, options?: SimOrgOptions): void;
  /** Returns the 40-hex token; scopes are normalised as Gitea stores them. */
  addToken(login: string, input: { name?: string; scopes: string[] }): string;
  /** Deletes the token: its next use gets 401 with the version's message. */
  revokeToken(token: string): void;
  addRepo(input: SimRepoInput): void;
  /** Commits `content` at `path` on `branch` (default branch when omitted). */
  setFile(repo: string, path: string, content: string, branch?: string): void;
  setCollaborator(repo: string, login: string, permission: 'read' | 'write' | 'admin'): void;
  protectBranch(repo: string, branch: string, rule: { enablePush?: boolean; pushWhitelist?: string[] }): void;
  faults: { add(rule: FaultRule): void; clear(): void };
  requests: SimRequestLog[];
  /** The Actions secrets stored for a repo ('owner/name'), an org or a user, for tests of rotation's install step. */
  secrets(scope: SecretScope): SimSecret[];
  /** Closes the server (and hung sockets) and removes temp data. */
  stop(): Promise<void>;
}
