// The GitLab mode's model (github-gitlab-ci-facts.md §7): users (project and group access tokens are bot
// users), groups and projects with member access levels, protected branches, and personal/project/group
// access tokens with scopes, expiry dates and revocation.

import { randomBytes } from 'node:crypto';

/** GitLab access levels: guest 10, reporter 20, developer 30, maintainer 40, owner 50. */
export const Level = { None: 0, Guest: 10, Reporter: 20, Developer: 30, Maintainer: 40, Owner: 50 } as const;

/** A user account; project/group access tokens each get a bot user. */
export interface GlUser {
  id: number;
  username: string;
  name: string;
  bot: boolean;
  state: 'active' | 'blocked';
  created: Date;
}

/** A group: a namespace with members. */
export interface GlGroup {
  id: number;
  path: string;
  members: Map<number, number>;
}

/** A protected branch: who may push (an access level, 0 = no one, plus users allowed by name). */
export interface GlProtection {
  pushAccessLevel: number;
  allowedUsers: Set<number>;
}

/** A project backed by a real bare git repository. */
export interface GlProject {
  id: number;
  /** `group/name` or `user/name`. */
  fullPath: string;
  name: string;
  namespace: { id: number; path: string; kind: 'group' | 'user' };
  group: GlGroup | null;
  visibility: 'private' | 'internal' | 'public';
  defaultBranch: string;
  dir: string;
  created: Date;
  members: Map<number, number>;
  protections: Map<string, GlProtection>;
}

/** Which kind of access token. */
export type GlTokenKind = 'personal' | 'project' | 'group';

/** An access token (all share the `glpat-` prefix, facts §7). */
export interface GlToken {
  id: number;
  value: string;
  name: string;
  kind: GlTokenKind;
  user: GlUser;
  scopes: string[];
  /** `YYYY-MM-DD` or null; the token stops working at 00:00 UTC that day. */
  expiresAt: string | null;
  revoked: boolean;
  created: Date;
  lastUsed: Date | null;
}

/** A fresh token value, `glpat-` and 20 URL-safe characters. */
export function newGlToken(): string {
  return `glpat-${randomBytes(15).toString('base64url')}`;
}

/** Whether a token's expiry date has come (it is expired from 00:00 UTC on that date). */
export function isExpired(t: GlToken, now = new Date()): boolean {
  return t.expiresAt !== null && now.toISOString().slice(0, 10) >= t.expiresAt;
}

/** All mutable state of the GitLab mode. */
export class GlState {
  readonly users = new Map<string, GlUser>();
  readonly groups = new Map<string, GlGroup>();
  readonly projects = new Map<string, GlProject>();
  readonly tokens = new Map<string, GlToken>();
  private nextId = 1;

  newId(): number {
    return this.nextId++;
  }

  user(username: string): GlUser | undefined {
    return this.users.get(username.toLowerCase());
  }

  mustUser(username: string): GlUser {
    const u = this.user(username);
    if (!u) throw new Error(`gitlab simulator: no user "${username}"`);
    return u;
  }

  /** A project by numeric id or `namespace/path` (as `:id` in the API, URL-decoded). */
  project(id: string): GlProject | undefined {
    if (/^\d+$/.test(id)) return [...this.projects.values()].find((p) => p.id === Number(id));
    return this.projects.get(id.toLowerCase());
  }

  mustProject(path: string): GlProject {
    const p = this.project(path);
    if (!p) throw new Error(`gitlab simulator: no project "${path}"`);
    return p;
  }

  /** The user's effective access level: the higher of project and group membership. */
  level(p: GlProject, user: GlUser | null): number {
    if (!user) return Level.None;
    return Math.max(p.members.get(user.id) ?? 0, p.group?.members.get(user.id) ?? 0);
  }

  /** Whether the user sees the project: members always, signed-in users internal ones, everyone public ones. */
  visible(p: GlProject, user: GlUser | null): boolean {
    if (p.visibility === 'public') return true;
    if (p.visibility === 'internal') return user !== null;
    return this.level(p, user) >= Level.Guest;
  }

  /** Whether the user may push to a branch (protected: its push level or an allowed user; else developer+). */
  canPush(p: GlProject, branch: string, user: GlUser | null): boolean {
    const level = this.level(p, user);
    if (!user || level < Level.Developer) return false;
    const rule = p.protections.get(branch);
    if (!rule) return true;
    if (rule.allowedUsers.has(user.id)) return true;
    return rule.pushAccessLevel > 0 && level >= rule.pushAccessLevel;
  }
}
