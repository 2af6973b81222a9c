// Gitea/Forgejo token scope algebra (gitea-api-facts.md §3), kept pure so judges can use it.
// Deliberately not shared with the simulator: the simulator is a second, independent reading of
// the same facts, so a mistake here cannot hide behind the same mistake there.

/** Scope categories, in Gitea's storage order. */
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

/** A scope category. */
export type ScopeCategory = (typeof SCOPE_CATEGORIES)[number];

/** Access level per category: 0 none, 1 read, 2 write. */
export type ScopeLevels = Record<ScopeCategory, 0 | 1 | 2>;

/** Parsed scopes: the per-category levels plus the `public-only` restriction. */
export interface ScopeSet {
  levels: ScopeLevels;
  publicOnly: boolean;
}

/** An unknown scope name, reported to the user as a configuration problem. */
export class UnknownScopeError extends Error {
  constructor(readonly scope: string, family = 'Gitea', expected = `all, public-only, or read:/write: followed by one of ${SCOPE_CATEGORIES.join(', ')}`) {
    super(`unknown ${family} scope "${scope}" (expected ${expected})`);
  }
}

function emptyLevels(): ScopeLevels {
  return Object.fromEntries(SCOPE_CATEGORIES.map((c) => [c, 0])) as ScopeLevels;
}

/** Parses scope names (`all`, `public-only`, `read:x`, `write:x`), applying write ⇒ read and `all` ⇒ every write. */
export function parseScopes(names: Iterable<string>): ScopeSet {
  const levels = emptyLevels();
  let publicOnly = false;
  for (const raw of names) {
    const name = raw.trim();
    if (name === '') continue;
    if (name === 'all') {
      for (const c of SCOPE_CATEGORIES) levels[c] = 2;
      continue;
    }
    if (name === 'public-only') {
      publicOnly = true;
      continue;
    }
    const m = /^(read|write):([a-z]+)$/.exec(name);
    const category = m?.[2] as ScopeCategory | undefined;
    if (!m || !category || !(SCOPE_CATEGORIES as readonly string[]).includes(category)) throw new UnknownScopeError(name);
    const level = m[1] === 'write' ? 2 : 1;
    if (level > levels[category]) levels[category] = level;
  }
  return { levels, publicOnly };
}

/** Scope names in Gitea's normalised form (implied reads dropped, nine writes collapse to `all`). */
export function formatScopes(set: ScopeSet): string[] {
  const out: string[] = set.publicOnly ? ['public-only'] : [];
  if (SCOPE_CATEGORIES.every((c) => set.levels[c] === 2)) return [...out, 'all'];
  for (const c of SCOPE_CATEGORIES) {
    if (set.levels[c] === 2) out.push(`write:${c}`);
    else if (set.levels[c] === 1) out.push(`read:${c}`);
  }
  return out;
}

/** The gap between what a token needs and what it has. */
export interface ScopeComparison {
  /** Required scopes the token lacks, e.g. `write:repository`. */
  missing: string[];
  /** Scopes the token has beyond what is required (least-privilege warning). */
  excess: string[];
}

/** Compares granted to required scopes, category by category (`public-only` narrows a token, so it is never an excess). */
export function compareScopes(required: ScopeSet, granted: ScopeSet): ScopeComparison {
  const missing: string[] = [];
  const excess: string[] = [];
  for (const c of SCOPE_CATEGORIES) {
    const need = required.levels[c];
    const have = granted.levels[c];
    if (have < need) missing.push(`${need === 2 ? 'write' : 'read'}:${c}`);
    // misc is a placeholder category that guards nothing; `all` always carries it.
    else if (have > need && c !== 'misc') excess.push(`${have === 2 ? 'write' : 'read'}:${c}`);
  }
  return { missing, excess };
}

/** What a Gitea 403 scope rejection says (both message formats of §3). */
export interface ScopeRejection {
  required: string[];
  /** The token's full scope string, echoed by Gitea 1.23+; null on older Gitea and Forgejo. */
  tokenScopes: string[] | null;
}

/** Recognises a scope rejection message; null when the text is not one. */
export function parseScopeRejection(message: string): ScopeRejection | null {
  // 1.23+: token does not have at least one of required scope(s), required=[read:user], token scope=write:repository
  const modern = /token does not have at least one of required scope\(s\), required=\[([^\]]*)\], token scope=(.*)$/.exec(message);
  if (modern) {
    return { required: splitList(modern[1] ?? '', /\s+/), tokenScopes: splitList(modern[2] ?? '', /,/) };
  }
  // ≤1.22 and Forgejo: token does not have at least one of required scope(s): [read:user]
  const legacy = /token does not have at least one of required scope\(s\): \[([^\]]*)\]/.exec(message);
  if (legacy) return { required: splitList(legacy[1] ?? '', /\s+/), tokenScopes: null };
  return null;
}

function splitList(text: string, sep: RegExp): string[] {
  return text
    .split(sep)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
