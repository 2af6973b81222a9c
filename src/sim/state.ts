// The simulator's in-memory model: users, orgs, tokens, repositories, collaborators, branch protections and
// Actions secrets, plus Gitea's repository permission rules (models/perm/access/repo_permission.go; reference §6).

import { randomBytes } from 'node:crypto';
import { parseScopes, type ScopeSet } from './scopes.js';

/** Gitea's AccessMode: none, read, write, admin, owner. */
export const Access = { None: 0, Read: 1, Write: 2, Admin: 3, Owner: 4 } as const;
/** One AccessMode value. */
export type Access = (typeof Access)[keyof typeof Access];

/** An Actions secret; the value is kept only so tests can check what rotation installed. */
export interface SecretRec {
  name: string;
  data: string;
  description: string;
  createdAt: Date;
}

/** A user or an organization (Gitea stores both in one table). */
export interface UserRec {
  id: number;
  login: string;
  password: string | undefined;
  isAdmin: boolean;
  isOrg: boolean;
  fullName: string;
  email: string;
  prohibitLogin: boolean;
  created: Date;
  lastLogin: Date | null;
  /** Lower-case logins of the Owners team (orgs only). */
  orgOwners: Set<string>;
  secrets: Map<string, SecretRec>;
}

/** A personal access token. */
export interface TokenRec {
  id: number;
  owner: UserRec;
  name: string;
  token: string;
  /** The normalised scope string, as stored. */
  scope: string;
  scopeSet: ScopeSet;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** A branch protection rule (exact branch name; Gitea also allows globs). */
export interface ProtectionRec {
  id: number;
  branch: string;
  enablePush: boolean;
  /** Lower-case logins; null when the push whitelist is off. */
  pushWhitelist: string[] | null;
  created: Date;
  updated: Date;
}

/** A repository and its git directory. */
export interface RepoRec {
  id: number;
  owner: UserRec;
  name: string;
  private: boolean;
  defaultBranch: string;
  /** Absolute path of the bare repository. */
  dir: string;
  created: Date;
  updated: Date;
  collaborators: Map<string, Access>;
  protections: Map<string, ProtectionRec>;
  secrets: Map<string, SecretRec>;
}

/** Lower-cased lookup key, as Gitea matches user and repository names case-insensitively. */
export function key(s: string): string {
  return s.toLowerCase();
}

/** All mutable simulator state. */
export class SimState {
  readonly users = new Map<string, UserRec>();
  readonly repos = new Map<string, RepoRec>();
  readonly tokens = new Map<string, TokenRec>();
  private nextUserId = 1;
  private nextRepoId = 1;
  private nextTokenId = 1;
  private nextProtectionId = 1;

  addUser(input: {
    login: string;
    password?: string | undefined;
    isAdmin?: boolean | undefined;
    fullName?: string | undefined;
    email?: string | undefined;
    prohibitLogin?: boolean | undefined;
    isOrg?: boolean;
  }): UserRec {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(input.login)) {
      throw new Error(`forge simulator: invalid login "${input.login}"`);
    }
    const k = key(input.login);
    if (this.users.has(k)) throw new Error(`forge simulator: user "${input.login}" already exists`);
    const rec: UserRec = {
      id: this.nextUserId++,
      login: input.login,
      password: input.password,
      isAdmin: input.isAdmin ?? false,
      isOrg: input.isOrg ?? false,
      fullName: input.fullName ?? '',
      email: input.email ?? `${k}@example.com`,
      prohibitLogin: input.prohibitLogin ?? false,
      created: new Date(),
      lastLogin: null,
      orgOwners: new Set(),
      secrets: new Map(),
    };
    this.users.set(k, rec);
    return rec;
  }

  user(login: string): UserRec | undefined {
    return this.users.get(key(login));
  }

  mustUser(login: string): UserRec {
    const u = this.user(login);
    if (!u) throw new Error(`forge simulator: no user "${login}"`);
    return u;
  }

  newRepoId(): number {
    return this.nextRepoId++;
  }

  repo(owner: string, name: string): RepoRec | undefined {
    return this.repos.get(`${key(owner)}/${key(name)}`);
  }

  mustRepo(full: string): RepoRec {
    const [owner, name, ...rest] = full.split('/');
    const r = owner && name && rest.length === 0 ? this.repo(owner, name) : undefined;
    if (!r) throw new Error(`forge simulator: no repository "${full}"`);
    return r;
  }

  /** Creates a token record with a fresh 40-hex value (20 random bytes, as Gitea). */
  addToken(owner: UserRec, name: string, scope: string): TokenRec {
    const token = randomBytes(20).toString('hex');
    const rec: TokenRec = {
      id: this.nextTokenId++,
      owner,
      name,
      token,
      scope,
      scopeSet: parseScopes([scope]),
      createdAt: new Date(),
      lastUsedAt: null,
    };
    this.tokens.set(token, rec);
    return rec;
  }

  /** The user's tokens, newest first (Gitea orders by id desc). */
  tokensOf(owner: UserRec): TokenRec[] {
    const out: TokenRec[] = [];
    for (const t of this.tokens.values()) if (t.owner === owner) out.push(t);
    return out.sort((a, b) => b.id - a.id);
  }

  newProtectionId(): number {
    return this.nextProtectionId++;
  }

  /** Whether `user` owns the org (its Owners team); site admins are not members by that fact. */
  isOrgOwner(org: UserRec, user: UserRec | null): boolean {
    return !!user && org.isOrg && org.orgOwners.has(key(user.login));
  }

  /** The doer's access mode to the repo (GetUserRepoPermission, simplified to the code unit). */
  access(repo: RepoRec, user: UserRec | null): Access {
    if (user) {
      if (user.isAdmin) return Access.Owner;
      if (repo.owner === user) return Access.Owner;
      if (this.isOrgOwner(repo.owner, user)) return Access.Owner;
      const collab = repo.collaborators.get(key(user.login));
      if (collab !== undefined) return collab;
    }
    return repo.private ? Access.None : Access.Read;
  }

  /** `ctx.Repo.IsOwner()`: Owner-level access (personal owner, org Owners team, site admin). */
  isRepoOwner(repo: RepoRec, user: UserRec | null): boolean {
    return this.access(repo, user) >= Access.Owner;
  }

  /** CanUserPush (models/git/protected_branch.go): enable_push AND (whitelist ? listed : code write). No admin bypass. */
  canUserPushProtected(repo: RepoRec, rule: ProtectionRec, user: UserRec | null): boolean {
    if (!user || !rule.enablePush) return false;
    if (rule.pushWhitelist === null) return this.access(repo, user) >= Access.Write;
    return rule.pushWhitelist.includes(key(user.login));
  }
}
