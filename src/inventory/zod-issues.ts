import type * as z from 'zod/mini';
import { describeExpected, describeValue, objectKeys, schemaAt, unionOptions } from './describe.js';
import { isMissingKey, valueAt, type PathSegment } from './paths.js';
import { looksLikeToken } from './token-shape.js';
import { didYouMean } from './suggest.js';
import type { Anchor } from './yaml-nodes.js';

// Turns zod's issues into plain-words problems pinned to the node a person has to edit: the key itself
// for an unknown key, the enclosing mapping for a missing key, the value for a wrong type or value.

type Schema = z.core.$ZodType;
type Issue = z.core.$ZodIssue;

/** One problem before it is given a file position. */
export interface Problem {
  path: PathSegment[];
  at: Anchor;
  message: string;
  /** The path to print when it differs from `path` (which still locates the node). */
  shownPath?: PathSegment[];
}

// Keys whose values are, or may hold, a secret (a token pasted where a source belongs, a webhook URL):
// an error message never quotes what was written there.
const SECRET_BEARING = new Set(['source', 'password', 'smtp', 'url', 'secret', 'apiToken', 'pingKey', 'db']);

function mayEcho(path: readonly PathSegment[], value: unknown): boolean {
  // A forge's `url` is an address; every other `url` (webhooks) may be a secret.
  const secretKey = path.some((segment) => typeof segment === 'string' && SECRET_BEARING.has(segment));
  if (secretKey && path[0] !== 'forges') return false;
  // A URL with a user-info part carries a credential; a token-shaped text is one.
  return !(typeof value === 'string' && (/\/\/[^/]*@/.test(value) || looksLikeToken(value)));
}

function got(path: readonly PathSegment[], value: unknown): string {
  return describeValue(value, mayEcho(path, value));
}

/** Problems for zod's issues; `data` is the value the issues' paths start from, `base` its path in the document. */
export function problemsFromIssues(
  issues: readonly Issue[],
  schema: Schema,
  data: unknown,
  base: readonly PathSegment[] = [],
): Problem[] {
  return issues.flatMap((issue) => problemsFromIssue(issue, schema, data, base));
}

function problemsFromIssue(issue: Issue, schema: Schema, data: unknown, base: readonly PathSegment[]): Problem[] {
  const local = issue.path as PathSegment[];
  const path = [...base, ...local];
  const value = valueAt(data, local);
  const expected = (): string => {
    const at = schemaAt(schema, local);
    return at ? describeExpected(at) : 'something else';
  };
  const wrongValue = issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union';
  if (wrongValue && isMissingKey(data, local)) {
    return [{ path, at: 'parent', message: `missing key "${String(path[path.length - 1])}": expected ${expected()}` }];
  }
  switch (issue.code) {
    case 'invalid_type':
      return [{ path, at: 'value', message: `expected ${expected()}, got ${got(path, value)}` }];
    case 'invalid_value':
      if (path.length === 1 && path[0] === 'version') {
        return [{ path, at: 'value', message: `unsupported inventory version ${JSON.stringify(value)}: expected 1 (the only version this credcanary reads)` }];
      }
      return [{ path, at: 'value', message: `expected ${expected()}, got ${got(path, value)}${suggestion(value, issue.values)}` }];
    case 'unrecognized_keys': {
      const allowed = objectKeys(schemaAt(schema, local) ?? schema);
      return issue.keys.map((key) => unknownKey(path, key, allowed));
    }
    case 'invalid_key':
      return [{ path, at: 'key', message: `invalid name ${got([], path[path.length - 1])}: expected ${issue.issues.map((i) => i.message).join('; ')}` }];
    case 'invalid_union':
      return unionProblems(issue, schema, data, base);
    case 'invalid_format':
      return [{ path, at: 'value', message: `expected ${formatExpectation(issue, expected)}, got ${got(path, value)}` }];
    case 'too_small':
    case 'too_big':
      return [{ path, at: 'value', message: `${sizeExpectation(issue)}, got ${got(path, value)}` }];
    default:
      return [{ path, at: 'value', message: issue.message }];
  }
}

function suggestion(value: unknown, options: readonly unknown[]): string {
  return typeof value === 'string' ? didYouMean(value, options.map(String)) : '';
}

function unknownKey(parent: PathSegment[], key: string, allowed: readonly string[], suffix = ''): Problem {
  const path = [...parent, key];
  const hint = didYouMean(key, allowed);
  if (hint) return { path, at: 'key', message: `unknown key "${key}"${hint}${suffix}` };
  const listed = `(allowed here: ${allowed.join(', ')})${suffix}`;
  // `source: { ghp_… }` makes the token a key: under a secret-bearing key, an unknown key is not repeated.
  if (!mayEcho(path, key)) return { path, at: 'key', shownPath: parent, message: `unknown key, not shown in case it is a secret ${listed}` };
  return { path, at: 'key', message: `unknown key "${key}" ${listed}` };
}

function formatExpectation(issue: z.core.$ZodIssueInvalidStringFormat, expected: () => string): string {
  // The schema's own messages ("owner/name", "a duration such as …") are already plain words.
  if (!issue.message.startsWith('Invalid')) return issue.message;
  if (issue.format === 'regex' && issue.pattern) return `text matching ${issue.pattern}`;
  return expected();
}

function sizeExpectation(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const bound = Number(small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum);
  const inclusive = issue.inclusive !== false;
  if (issue.origin === 'string') {
    return small ? (bound <= 1 ? 'expected a non-empty string' : `expected at least ${bound} characters`) : `expected at most ${bound} characters`;
  }
  if (issue.origin === 'array') {
    return small ? `expected a list with at least ${bound} ${bound === 1 ? 'entry' : 'entries'}` : `expected a list with at most ${bound} entries`;
  }
  const relation = small ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than';
  return `expected a number ${relation} ${bound}`;
}

// A union failed: when one branch is clearly what was meant (fewest missing/unknown keys), report that
// branch's own problems; when several are equally close, say what the union accepts instead.
function unionProblems(issue: z.core.$ZodIssueInvalidUnion, schema: Schema, data: unknown, base: readonly PathSegment[]): Problem[] {
  const local = issue.path as PathSegment[];
  const path = [...base, ...local];
  const value = valueAt(data, local);
  const unionSchema = schemaAt(schema, local);
  if (issue.discriminator !== undefined || issue.errors.length === 0) {
    const options = ('options' in issue ? (issue.options ?? []) : []).map(String);
    const shown = options.length > 0 ? `one of ${options.join(', ')}` : 'a valid value';
    return [{ path, at: 'value', message: `expected ${shown}, got ${got(path, value)}${suggestion(value, options)}` }];
  }
  const branches = unionSchema ? unionOptions(unionSchema) : undefined;
  if (branches && branches.length === issue.errors.length) {
    const scores = issue.errors.map((errors, i) => mismatch(errors, branches[i] as Schema, value));
    const best = Math.min(...scores);
    const winners = scores.filter((score) => score === best).length;
    if (winners === 1) {
      const index = scores.indexOf(best);
      return problemsFromIssues(issue.errors[index] as Issue[], branches[index] as Schema, value, path);
    }
    const known = objectKeys(unionSchema as Schema);
    const stray = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).filter((k) => !known.includes(k)) : [];
    const what = describeExpected(unionSchema as Schema);
    if (stray.length > 0) {
      return stray.map((key) => unknownKey(path, key, known, `; expected ${what}`));
    }
    const shape = value !== null && typeof value === 'object' && !Array.isArray(value) ? `a mapping with ${Object.keys(value).join(', ') || 'no keys'}` : got(path, value);
    return [{ path, at: 'value', message: `expected ${what}, got ${shape}` }];
  }
  return [{ path, at: 'value', message: `expected ${unionSchema ? describeExpected(unionSchema) : 'a valid value'}, got ${got(path, value)}` }];
}

// How far a value is from a union branch's shape: a wrong kind of value is far, each missing or unknown key
// is one step; problems inside a value of the right shape do not count (that branch was meant).
function mismatch(issues: readonly Issue[], branch: Schema, value: unknown): number {
  let score = 0;
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) score += issue.keys.length;
    else if (issue.code === 'invalid_type' && issue.path.length === 0) score += 100;
    else if (issue.code === 'invalid_type' && issue.path.length === 1 && isMissingKey(value, issue.path as PathSegment[])) score += 1;
    else if (issue.code === 'invalid_union' && issue.path.length === 0) {
      const options = unionOptions(branch);
      score += options && issue.errors.length > 0 ? Math.min(...issue.errors.map((e, i) => mismatch(e, options[i] as Schema, value))) : 100;
    }
  }
  return score;
}
