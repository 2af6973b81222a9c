// The GitHub mode's model: users and orgs, repositories with collaborator roles and branch protection,
// and the three token families of github-gitlab-ci-facts.md §1 — classic PATs (scopes), fine-grained PATs
// (per-repository permissions, no scope header) and App installation tokens (no user at all).

import { randomBytes } from 'node:crypto';

/** A collaborator role; `permissions` of a repository derives from it (OpenAPI schema full-repository). */
export type GhRole = 'pull' | 'triage' | 'push' | 'maintain' | 'admin';
/** A fine-grained or installation permission level. */
export type GhLevel = 'read' | 'write' | 'admin';

const ROLE_RANK: Record<GhRole, number> = { pull: 1, triage: 2, push: 3, maintain: 4, admin: 5 };

/** Rank of a role, 0 for none. */
export function roleRank(role: GhRole | null): number {
  return role ? ROLE_RANK[role] : 0;
}

/** A user or organization account. */
export interface GhUser {
  id: number;
  login: string;
  name: string | null;
  isOrg: boolean;
  /** Org accounts: logins (lower case) with the owner role, admin on every org repository. */
  owners: Set<string>;
  /** Org accounts: SAML single sign-on enforced, so classic PATs must be authorised for the org. */
  sso: boolean;
  created: Date;
}

/** Classic branch protection as `GET …/branches/{b}/protection` shows it. */
export interface GhProtection {
  /** Logins (lower case) allowed to push; null when push is not restricted. */
  restrictUsers: string[] | null;
  /** App slugs allowed to push (installation tokens); empty by default. */
  restrictApps: string[];
  requireReviews: boolean;
  enforceAdmins: boolean;
  lockBranch: boolean;
}

/** A repository backed by a real bare git repository. */
export interface GhRepo {
  id: number;
  owner: GhUser;
  name: string;
  private: boolean;
  defaultBranch: string;
  dir: string;
  created: Date;
  collaborators: Map<string, GhRole>;
  protections: Map<string, GhProtection>;
}

/** Which token family a value belongs to (its prefix says so: §1 "Prefixes"). */
export type GhTokenKind = 'classic' | 'fine-grained' | 'installation';

/** An issued token. */
export interface GhToken {
  value: string;
  kind: GhTokenKind;
  /** The user the token acts as; null for installation tokens, which act as the App. */
  user: GhUser | null;
  /** Classic: normalised scopes, as GitHub stores and echoes them in X-OAuth-Scopes. */
  scopes: string[];
  /** Fine-grained and installation: repository permissions (`metadata: read` is always implied). */
  permissions: Record<string, GhLevel>;
  /** Fine-grained and installation: the selected repositories (lower-case full names), or every one the owner can reach. */
  repositories: 'all' | Set<string>;
  /** Installation tokens: the App's slug, as protection restrictions name it. */
  appSlug: string | null;
  expiresAt: Date | null;
  /** How the expiry header is written: `2026-12-10 12:00:00 UTC` or with a numeric offset (§1 "Expiration header"). */
  expiryFormat: 'utc' | 'offset';
  revoked: boolean;
  /** Classic PATs: logins (lower case) of the SSO-enforcing orgs the token was authorised for. */
  ssoAuthorized: Set<string>;
}

/** Lower-cased lookup key; GitHub matches logins and repository names case-insensitively. */
export function ghKey(s: string): string {
  return s.toLowerCase();
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlnum(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

/** A fresh token value of the family's shape (`ghp_` + 36, `github_pat_` + 22 + `_` + 59, `ghs_` + 36). */
export function newTokenValue(kind: GhTokenKind): string {
  if (kind === 'classic') return `ghp_${randomAlnum(36)}`;
  if (kind === 'fine-grained') return `github_pat_${randomAlnum(22)}_${randomAlnum(59)}`;
  return `ghs_${randomAlnum(36)}`;
}

// The classic scope hierarchy (scopes-for-oauth-apps.md): a parent covers its children.
const SCOPE_CHILDREN: Record<string, string[]> = {
  repo: ['repo:status', 'repo_deployment', 'public_repo', 'repo:invite', 'security_events'],
  'admin:org': ['write:org', 'read:org', 'manage_runners:org'],
  'write:org': ['read:org'],
  'admin:public_key': ['write:public_key', 'read:public_key'],
  'write:public_key': ['read:public_key'],
  'admin:repo_hook': ['write:repo_hook', 'read:repo_hook'],
  'write:repo_hook': ['read:repo_hook'],
  'admin:gpg_key': ['write:gpg_key', 'read:gpg_key'],
  'write:gpg_key': ['read:gpg_key'],
  user: ['read:user', 'user:email', 'user:follow'],
  'write:packages': ['read:packages'],
  'admin:enterprise': ['manage_runners:enterprise', 'manage_billing:enterprise', 'read:enterprise'],
  project: ['read:project'],
  workflow: [],
};

/** Whether a stored (normalised) scope list covers `scope`. */
export function coversScope(stored: readonly string[], scope: string): boolean {
  const seen = new Set<string>();
  const walk = (s: string): boolean => {
    if (s === scope) return true;
    if (seen.has(s)) return false;
    seen.add(s);
    return (SCOPE_CHILDREN[s] ?? []).some(walk);
  };
  return stored.some(walk);
}

/** Drops scopes implied by another one in the list, as GitHub stores them (`user,gist,user:email` → `user, gist`). */
export function normaliseScopes(scopes: readonly string[]): string[] {
  const unique = [...new Set(scopes)];
  return unique.filter((s) => !unique.some((other) => other !== s && coversScope([other], s)));
}

/** All mutable state of the GitHub mode. */
export class GhState {
  readonly users = new Map<string, GhUser>();
  readonly repos = new Map<string, GhRepo>();
  readonly tokens = new Map<string, GhToken>();
  private nextId = 1;

  newId(): number {
    return this.nextId++;
  }

  user(login: string): GhUser | undefined {
    return this.users.get(ghKey(login));
  }

  mustUser(login: string): GhUser {
    const u = this.user(login);
    if (!u) throw new Error(`github simulator: no user "${login}"`);
    return u;
  }

  repo(full: string): GhRepo | undefined {
    return this.repos.get(ghKey(full));
  }

  mustRepo(full: string): GhRepo {
    const r = this.repo(full);
    if (!r) throw new Error(`github simulator: no repository "${full}"`);
    return r;
  }

  /** The user's role on a repository (owner and org owners are admin); null for none. */
  role(repo: GhRepo, user: GhUser | null): GhRole | null {
    if (!user) return null;
    if (repo.owner === user) return 'admin';
    if (repo.owner.isOrg && repo.owner.owners.has(ghKey(user.login))) return 'admin';
    return repo.collaborators.get(ghKey(user.login)) ?? null;
  }

  /** Whether a token's repository selection includes `repo` (classic tokens reach whatever their user can). */
  selects(token: GhToken, repo: GhRepo): boolean {
    if (token.kind === 'classic' || token.repositories === 'all') return true;
    return token.repositories.has(ghKey(`${repo.owner.login}/${repo.name}`));
  }

  /** Whether the caller can see the repository at all (private ones answer 404 otherwise: facts §1). */
  visible(repo: GhRepo, token: GhToken | null): boolean {
    if (!repo.private) return true;
    if (!token) return false;
    if (token.kind === 'classic') return coversScope(token.scopes, 'repo') && this.role(repo, token.user) !== null;
    if (!this.selects(token, repo)) return false;
    return token.kind === 'installation' || this.role(repo, token.user) !== null;
  }

  /** The role the repository's `permissions` shows: the user's role (facts §2: treated as the user's, not the token's). */
  shownRole(repo: GhRepo, token: GhToken | null): GhRole | null {
    if (!token) return null;
    if (token.kind === 'installation') return levelRole(token.permissions['contents'], token.permissions['administration']);
    return this.role(repo, token.user) ?? (repo.private ? null : 'pull');
  }
}

function levelRole(contents: GhLevel | undefined, administration: GhLevel | undefined): GhRole {
  if (administration === 'write' || administration === 'admin') return 'admin';
  return contents === 'write' || contents === 'admin' ? 'push' : 'pull';
}

/** Whether a fine-grained or installation token holds `level` of `permission` (metadata read is implied). */
export function holds(token: GhToken, permission: string, level: 'read' | 'write'): boolean {
  if (permission === 'metadata' && level === 'read') return true;
  const has = token.permissions[permission];
  if (!has) return false;
  return level === 'read' || has === 'write' || has === 'admin';
}
