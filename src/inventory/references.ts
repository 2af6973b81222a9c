import { UnknownScopeError } from '../core/gitea-scopes.js';
import { scopeAlgebra } from '../core/scope-algebra.js';
import type { PathSegment } from './paths.js';
import { looksLikeToken } from './token-shape.js';
import { didYouMean } from './suggest.js';
import type { Problem } from './zod-issues.js';

// Checks that need the whole inventory: names that refer to other sections, and entries listed twice.
// They read the raw document defensively, so they can report alongside schema problems in one pass
// (a person fixes everything at once instead of in rounds).

type Raw = Record<string, unknown>;

function isMapping(value: unknown): value is Raw {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function mapping(value: unknown): Raw {
  return isMapping(value) ? value : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Every dangling reference and duplicate entry; `lineOf` gives the line of an earlier entry for "first at line N". */
export function referenceProblems(raw: unknown, lineOf: (path: PathSegment[]) => number): Problem[] {
  const problems: Problem[] = [];
  const root = mapping(raw);
  const forges = Object.keys(mapping(root['forges']));
  const personas = Object.keys(mapping(root['personas']));
  const credentials = Object.keys(mapping(root['credentials']));

  for (const [name, forge] of Object.entries(mapping(root['forges']))) {
    const url = mapping(forge)['url'];
    if (typeof url === 'string' && /\/\/[^/]*@/.test(url)) {
      problems.push({
        path: ['forges', name, 'url'],
        at: 'value',
        message: "a forge URL must not contain a user name or token; give the token to a credential's source instead",
      });
    }
  }
  for (const [name, value] of Object.entries(mapping(root['credentials']))) {
    const credential = mapping(value);
    const at = ['credentials', name];
    dangling(problems, [...at, 'forge'], 'forge', credential['forge'], forges);
    dangling(problems, [...at, 'persona'], 'persona', credential['persona'], personas);
    forgeFit(problems, at, credential, mapping(mapping(root['forges'])[String(credential['forge'])])['type']);
    duplicates(problems, lineOf, [...at, 'repos'], credential['repos'], 'repo', (entry) => {
      const repo = entry['repo'];
      return typeof repo === 'string' ? { id: repo.toLowerCase(), label: `repository "${repo}"` } : undefined;
    });
    duplicates(problems, lineOf, [...at, 'files'], credential['files'], 'path', (entry) => {
      const { repo, path, ref } = entry;
      if (typeof repo !== 'string' || typeof path !== 'string') return undefined;
      const where = typeof ref === 'string' ? `${repo}@${ref}` : repo;
      return { id: `${repo.toLowerCase()}\u0000${path}\u0000${String(ref ?? '')}`, label: `file "${path}" of ${where}` };
    });
  }
  for (const [name, consumer] of Object.entries(mapping(root['consumers']))) {
    list(mapping(consumer)['credentials']).forEach((credential, i) => {
      dangling(problems, ['consumers', name, 'credentials', i], 'credential', credential, credentials);
    });
  }
  return problems;
}

// What a credential asks must exist on its forge: scope names of that forge's family, and no
// scopes, repositories or files on an HTTP verify endpoint. Checked here (not when `check` starts) so
// `validate` refuses what `check` would, each problem at its own line and column.
function forgeFit(problems: Problem[], at: PathSegment[], credential: Raw, type: unknown): void {
  if (typeof type !== 'string') return;
  const scopes = list(credential['scopes']);
  if (type === 'http') {
    if (scopes.length > 0 || list(credential['repos']).length > 0 || list(credential['files']).length > 0) {
      problems.push({
        path: at,
        at: 'key',
        message: `forge "${String(credential['forge'])}" is an HTTP verify endpoint, which has no scopes, repositories or files to check (use scopes: [] and leave out repos and files)`,
      });
    }
    return;
  }
  scopes.forEach((scope, i) => {
    if (typeof scope !== 'string') return;
    try {
      scopeAlgebra(type).validate([scope]);
    } catch (err) {
      if (!(err instanceof UnknownScopeError)) throw err;
      // A token pasted into the list is not repeated.
      const message = looksLikeToken(scope) ? err.message.replace(`"${scope}"`, '(not shown: it looks like a token)') : err.message;
      problems.push({ path: [...at, 'scopes', i], at: 'value', message });
    }
  });
}

function dangling(problems: Problem[], path: PathSegment[], kind: string, name: unknown, defined: readonly string[]): void {
  // A missing or non-string name is the schema's to report.
  if (typeof name !== 'string' || defined.includes(name)) return;
  const section = `${kind}s`;
  const listed = defined.length === 0 ? `no ${section} are defined` : `defined ${section}: ${defined.join(', ')}`;
  problems.push({ path, at: 'value', message: `unknown ${kind} "${name}"${didYouMean(name, defined)}; ${listed}` });
}

function duplicates(
  problems: Problem[],
  lineOf: (path: PathSegment[]) => number,
  listPath: PathSegment[],
  entries: unknown,
  key: string,
  identify: (entry: Raw) => { id: string; label: string } | undefined,
): void {
  const first = new Map<string, number>();
  list(entries).forEach((entry, i) => {
    const identity = isMapping(entry) ? identify(entry) : undefined;
    if (!identity) return;
    const earlier = first.get(identity.id);
    if (earlier === undefined) {
      first.set(identity.id, i);
      return;
    }
    problems.push({
      path: [...listPath, i, key],
      at: 'value',
      message: `${identity.label} is listed twice (first at line ${lineOf([...listPath, earlier, key])}); merge the two entries`,
    });
  });
}
