// Gitea's token scopes (models/auth/access_token_scope.go; reference §3): names, the write-implies-read
// hierarchy, the stored normal form, and the all-categories HasScope check.

/** Scope categories in Gitea's fixed normalisation order. */
export const SCOPE_CATEGORIES = [
  'activitypub',
  'admin',
  'misc',
  'notification',
  'organization',
  'package',
  'issue',
  'repository',
  'user',
] as const;

/** One scope category (the part after `read:`/`write:`). */
export type ScopeCategory = (typeof SCOPE_CATEGORIES)[number];

/** A parsed scope set: per category 0 none, 1 read, 2 write; plus the public-only flag. */
export interface ScopeSet {
  levels: Map<ScopeCategory, 1 | 2>;
  publicOnly: boolean;
}

/** Thrown for an unknown scope name; the message is Gitea's `invalid access token scope: <x>`. */
export class InvalidScopeError extends Error {
  constructor(readonly scope: string) {
    super(`invalid access token scope: ${scope}`);
  }
}

const CATEGORY_SET = new Set<string>(SCOPE_CATEGORIES);

/** Parses scope names (each may itself be comma-separated, as Gitea joins then splits them). */
export function parseScopes(names: readonly string[]): ScopeSet {
  const set: ScopeSet = { levels: new Map(), publicOnly: false };
  for (const part of names.join(',').split(',')) {
    const name = part.trim();
    if (name === '') continue;
    if (name === 'public-only') {
      set.publicOnly = true;
    } else if (name === 'all') {
      for (const c of SCOPE_CATEGORIES) set.levels.set(c, 2);
    } else {
      const m = /^(read|write):(.+)$/.exec(name);
      if (!m || !CATEGORY_SET.has(m[2]!)) throw new InvalidScopeError(name);
      const cat = m[2] as ScopeCategory;
      const level = m[1] === 'write' ? 2 : 1;
      if ((set.levels.get(cat) ?? 0) < level) set.levels.set(cat, level);
    }
  }
  return set;
}

/** The stored, normalised scope string: implied reads dropped, fixed order, nine writes → `all`. */
export function formatScopes(set: ScopeSet): string {
  const out: string[] = [];
  if (set.publicOnly) out.push('public-only');
  if (SCOPE_CATEGORIES.every((c) => set.levels.get(c) === 2)) {
    out.push('all');
  } else {
    for (const c of SCOPE_CATEGORIES) {
      const level = set.levels.get(c);
      if (level) out.push(`${level === 2 ? 'write' : 'read'}:${c}`);
    }
  }
  return out.join(',');
}

/** Normalises scope names the way Gitea stores them; throws InvalidScopeError on an unknown name. */
export function normalizeScopes(names: readonly string[]): string {
  return formatScopes(parseScopes(names));
}

/** Method → level: POST, PUT, PATCH and DELETE need write, everything else read (tokenRequiresScopes). */
export function levelForMethod(method: string): 'read' | 'write' {
  return method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE' ? 'write' : 'read';
}

/** The scope names a request needs, one per category (GetRequiredScopes). */
export function requiredScopes(level: 'read' | 'write', categories: readonly ScopeCategory[]): string[] {
  return categories.map((c) => `${level}:${c}`);
}

/** True when the set holds every required scope (Gitea's HasScope needs all, despite its wording). */
export function hasScopes(set: ScopeSet, level: 'read' | 'write', categories: readonly ScopeCategory[]): boolean {
  const need = level === 'write' ? 2 : 1;
  return categories.every((c) => (set.levels.get(c) ?? 0) >= need);
}
