// How each forge family's token scopes relate, so the scopes judge can compare required with granted
// scopes without knowing the forge: Gitea's categories (gitea-scopes.ts), GitHub's classic scope hierarchy
// and fine-grained permissions, GitLab's flat scope list with the abilities one scope grants another's.
// Pure; the judges and the preflight use it.

import { compareScopes, formatScopes, parseScopes, UnknownScopeError } from './gitea-scopes.js';

/** What a family's scope names mean. */
export interface ScopeAlgebra {
  /** Throws UnknownScopeError for a name the family does not have. */
  validate(names: readonly string[]): void;
  /** Required scopes the granted set lacks, and granted scopes nothing required needs. */
  compare(required: readonly string[], granted: readonly string[]): { missing: string[]; excess: string[] };
  /** The granted set as the forge would print it. */
  format(granted: readonly string[]): string[];
}

/** Gitea and Forgejo. */
export const GITEA_ALGEBRA: ScopeAlgebra = {
  validate: (names) => void parseScopes(names),
  compare: (required, granted) => compareScopes(parseScopes(required), parseScopes(granted)),
  format: (granted) => formatScopes(parseScopes(granted)),
};

/** An algebra over scope names where a scope may imply others (transitively). */
function impliedAlgebra(known: ReadonlySet<string>, implies: Record<string, string[]>, family: string, extra: RegExp | null): ScopeAlgebra {
  const covers = (granted: string, wanted: string, seen = new Set<string>()): boolean => {
    if (granted === wanted) return true;
    if (seen.has(granted)) return false;
    seen.add(granted);
    return (implies[granted] ?? []).some((g) => covers(g, wanted, seen));
  };
  return {
    validate(names) {
      for (const n of names) if (!known.has(n) && !(extra?.test(n) ?? false)) throw new UnknownScopeError(n, family, [...known].join(', '));
    },
    compare(required, granted) {
      const scopes = required.filter((r) => !(extra?.test(r) ?? false));
      const missing = scopes.filter((r) => !granted.some((g) => covers(g, r)));
      // A granted scope is excess when it grants anything the required ones do not (`api` for read_api).
      const needed = [...known].filter((k) => scopes.some((r) => covers(r, k)));
      const excess = granted.filter((g) => [...known].some((k) => covers(g, k) && !needed.includes(k)));
      return { missing, excess };
    },
    format: (granted) => [...granted],
  };
}

/** GitHub fine-grained permissions as written in X-Accepted-GitHub-Permissions: `contents=read`. */
export const GITHUB_PERMISSION = /^[a-z_]+=(read|write|admin)$/;

// The classic scope hierarchy (scopes-for-oauth-apps.md): a parent covers its children.
const GITHUB_IMPLIES: Record<string, string[]> = {
  repo: ['repo:status', 'repo_deployment', 'public_repo', 'repo:invite', 'security_events'],
  'admin:org': ['write:org', 'manage_runners:org'],
  'write:org': ['read:org'],
  'admin:public_key': ['write:public_key'],
  'write:public_key': ['read:public_key'],
  'admin:repo_hook': ['write:repo_hook'],
  'write:repo_hook': ['read:repo_hook'],
  'admin:gpg_key': ['write:gpg_key'],
  'write:gpg_key': ['read:gpg_key'],
  'admin:ssh_signing_key': ['write:ssh_signing_key'],
  'write:ssh_signing_key': ['read:ssh_signing_key'],
  user: ['read:user', 'user:email', 'user:follow'],
  'write:packages': ['read:packages'],
  'admin:enterprise': ['manage_runners:enterprise', 'manage_billing:enterprise', 'read:enterprise'],
  project: ['read:project'],
  codespace: ['codespace:secrets'],
};
const GITHUB_SCOPES = new Set([
  ...Object.keys(GITHUB_IMPLIES),
  ...Object.values(GITHUB_IMPLIES).flat(),
  'admin:org_hook', 'gist', 'notifications', 'delete_repo', 'delete:packages', 'workflow', 'audit_log', 'read:audit_log', 'copilot', 'read:discussion', 'write:discussion',
]);

/** GitHub: classic scopes (hierarchy expanded) and, for fine-grained tokens, `permission=level` entries. */
export const GITHUB_ALGEBRA: ScopeAlgebra = impliedAlgebra(GITHUB_SCOPES, GITHUB_IMPLIES, 'GitHub', GITHUB_PERMISSION);

// Which scope's abilities include another's (doc/user/profile/personal_access_tokens.md): `api` is full
// API access including git over HTTP; write_repository includes reading; read_api includes reading the user.
const GITLAB_IMPLIES: Record<string, string[]> = {
  api: ['read_api', 'read_user', 'read_repository', 'write_repository', 'read_registry', 'write_registry', 'self_rotate'],
  read_api: ['read_user'],
  write_repository: ['read_repository'],
  write_registry: ['read_registry'],
};
const GITLAB_SCOPES = new Set([
  ...Object.keys(GITLAB_IMPLIES),
  ...Object.values(GITLAB_IMPLIES).flat(),
  'sudo', 'admin_mode', 'create_runner', 'manage_runner', 'ai_features', 'k8s_proxy', 'read_service_ping', 'read_virtual_registry', 'write_virtual_registry',
]);

/** GitLab. */
export const GITLAB_ALGEBRA: ScopeAlgebra = impliedAlgebra(GITLAB_SCOPES, GITLAB_IMPLIES, 'GitLab', null);

/** The algebra of a forge type. */
export function scopeAlgebra(type: string): ScopeAlgebra {
  if (type === 'github') return GITHUB_ALGEBRA;
  if (type === 'gitlab') return GITLAB_ALGEBRA;
  return GITEA_ALGEBRA;
}
