// Behaviour switches and message texts that differ by Gitea release or by Forgejo
// (reference/gitea-api-facts.md §1.1, §1.2, §1.3, §1.4, §3, §4, §10). Everything version-dependent lives here,
// so the rest of the simulator asks a question ("does this release accept `Token X`?") instead of comparing versions.

/** Which forge release the simulator imitates, resolved once at start. */
export interface Dialect {
  flavor: 'gitea' | 'forgejo';
  version: string;
  /** v1.25+: the `token`/`bearer` scheme name is case-insensitive (#34936); ≤1.24 and Forgejo: `token` must be lower-case. */
  anyCaseTokenScheme: boolean;
  /** 401 text for a bad token, or null when the raw error text is used (≤1.25.1, Forgejo). */
  genericAuthMessage: string | null;
  /** API 404 text: 'not found' (1.25+) or the locale text of older releases and Forgejo. */
  notFoundMessage: string;
  /** v1.23+: scope 403 echoes `required=[…], token scope=…`; older and Forgejo: `…: [x]`. */
  scopeMessageWithTokenScope: boolean;
  /** v1.24+ (not Forgejo): token JSON carries created_at / last_used_at. */
  tokenTimestamps: boolean;
  /** Forgejo v12 removed query-string tokens entirely. */
  queryTokensRemoved: boolean;
  /** Plain-text 401 body for bad credentials on git smart-HTTP paths. */
  gitAuthFailedText: string;
  /** Value of `X-Gitea-Warning` when a query token is present, or null (Forgejo). */
  queryTokenWarning: string | null;
}

/** Parses 'MAJOR.MINOR.PATCH' (suffixes ignored) into comparable numbers. */
function parseVersion(version: string): [number, number, number] {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!m) throw new Error(`forge simulator: version "${version}" is not MAJOR.MINOR.PATCH`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

function atLeast(version: string, min: string): boolean {
  const a = parseVersion(version);
  const b = parseVersion(min);
  for (let i = 0; i < 3; i++) {
    if (a[i]! !== b[i]!) return a[i]! > b[i]!;
  }
  return true;
}

/** The message Gitea ≥1.25.2 uses for every refused credential (PR #36002). */
export const INVALID_CREDENTIALS = 'invalid username, password or token';

/** Resolves the behaviour table for a flavor and version. */
export function resolveDialect(flavor: 'gitea' | 'forgejo', version: string): Dialect {
  parseVersion(version);
  const gitea = flavor === 'gitea';
  return {
    flavor,
    version,
    anyCaseTokenScheme: gitea && atLeast(version, '1.25.0'),
    genericAuthMessage: gitea && atLeast(version, '1.25.2') ? INVALID_CREDENTIALS : null,
    notFoundMessage: gitea && atLeast(version, '1.25.0') ? 'not found' : "The target couldn't be found.",
    scopeMessageWithTokenScope: gitea && atLeast(version, '1.23.0'),
    tokenTimestamps: gitea && atLeast(version, '1.24.0'),
    queryTokensRemoved: !gitea,
    gitAuthFailedText: gitea
      ? 'Failed to authenticate user'
      : 'Credentials are incorrect or have expired. Retry your command or see https://codeberg.org/forgejo/forgejo/issues/2809 for more information',
    queryTokenWarning: gitea
      ? 'token and access_token API authentication is deprecated and will be removed in gitea 1.23. Please use AuthorizationHeaderToken instead. Existing queries will continue to work but without authorization.'
      : null,
  };
}

/** Go's `user_model.ErrUserNotExist` text, which ≤1.25.1 and Forgejo return verbatim. */
export function userNotExistText(uid: number, name: string): string {
  return `user does not exist [uid: ${uid}, name: ${name}]`;
}

/** The 403 text of `tokenRequiresScopes` for this dialect. */
export function scopeDeniedText(d: Dialect, required: readonly string[], tokenScope: string): string {
  // Go's %v of a []string: space-separated inside brackets.
  const list = `[${required.join(' ')}]`;
  return d.scopeMessageWithTokenScope
    ? `token does not have at least one of required scope(s), required=${list}, token scope=${tokenScope}`
    : `token does not have at least one of required scope(s): ${list}`;
}

/** Fixed API texts shared by all releases (routers/api/v1/api.go). */
export const TEXT = {
  tokenRequired: 'token is required',
  authRequired: 'auth required',
  signinRequired: 'Only signed in user is allowed to call APIs.',
  prohibitLogin: 'This account is prohibited from signing in, please contact your site administrator.',
  reqSelfOrAdmin: 'doer should be the site admin or be same as the contextUser',
  reqSiteAdmin: 'user should be the site admin',
  reqOwner: 'user should be the owner of the repo',
  reqAdmin: 'user should be an owner or a collaborator with admin write of a repository',
  reqRepoReader: 'user should have specific read permission or be a repo admin or a site admin',
  reqAnyRepoReader: 'user should have any permission to read repository or permissions of site admin',
  reqOrgOwner: 'Must be an organization owner',
  publicOnlyRepo: 'token scope is limited to public repos',
  publicOnlyIssue: 'token scope is limited to public issues',
  publicOnlyOrg: 'token scope is limited to public orgs',
  publicOnlyUser: 'token scope is limited to public users',
  gitRepoNotFound: 'Repository not found',
  gitAccountDisabled: 'Your account is disabled.',
  gitPushCreateUser: 'Push to create is not enabled for users.',
  gitPushCreateOrg: 'Push to create is not enabled for organizations.',
  hookNoWrite: 'User permission denied for writing.',
  hookProtected: 'Not allowed to push to protected branch ',
} as const;
