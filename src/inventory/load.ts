import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Alias, type Document, type YAMLError } from 'yaml';
import { ConfigError, UserError, type ConfigIssue } from '../core/errors.js';
import { formatPath, type PathSegment } from './paths.js';
import { referenceProblems } from './references.js';
import { serveProblems } from './serve-rules.js';
import { inventorySchema, type Inventory, type LoadedInventory } from './schema.js';
import { NodeLocator } from './yaml-nodes.js';
import { problemsFromIssues, type Problem } from './zod-issues.js';

// Reading credcanary.yaml: YAML syntax, duplicate keys, the schema and cross-references are all checked
// and every problem is reported together with file:line:column; nothing is returned unless all pass,
// so a half-valid inventory is never applied.

/** Reads, validates and resolves the inventory at `file`; throws ConfigError listing every problem. */
export async function loadInventory(file: string): Promise<LoadedInventory> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(`cannot read inventory ${file} (${code})`);
  }
  return parseInventory(text, file);
}

/** Validates inventory `text` read from `file` (used for positions and to resolve relative paths). */
export function parseInventory(text: string, file: string): LoadedInventory {
  const absolute = resolve(file);
  const shown = displayPath(absolute);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const locator = new NodeLocator(doc, lines);
  const issue = (problem: Problem): ConfigIssue => ({
    file: shown,
    ...locator.position(problem.path, problem.at),
    path: formatPath(problem.shownPath ?? problem.path),
    message: problem.message,
  });

  const syntax = [...doc.errors, ...doc.warnings].map((e) => yamlIssue(e, shown, locator));
  if (syntax.length > 0) throw new ConfigError(sorted(syntax));

  const shape = topLevelProblem(doc);
  if (shape) throw new ConfigError([issue(shape)]);

  const structure = { duplicates: [] as ConfigIssue[], aliases: [] as ConfigIssue[] };
  const resolveAlias = anchorResolver(doc);
  structureIssues(doc.contents, [], resolveAlias, shown, locator, structure);
  // An undefined alias leaves nothing to validate below it.
  if (structure.aliases.length > 0) throw new ConfigError(sorted([...structure.aliases, ...structure.duplicates]));
  const { duplicates } = structure;
  const problems: Problem[] = [];
  const bomb = aliasBomb(doc, resolveAlias, shown, locator);
  if (bomb) throw new ConfigError([bomb]);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // Only an alias explosion ("billion laughs") gets here; the parser has already accepted the syntax.
    throw new ConfigError([{ file: shown, line: 1, column: 1, path: '', message: `cannot expand the document: ${(err as Error).message}` }]);
  }
  problems.push(...reservedNames(data));
  const parsed = inventorySchema.safeParse(data);
  if (!parsed.success) problems.push(...problemsFromIssues(parsed.error.issues, inventorySchema, data));
  problems.push(...referenceProblems(data, (path) => locator.position(path, 'value').line));
  problems.push(...serveProblems(data));
  if (duplicates.length > 0 || problems.length > 0 || !parsed.success) {
    throw new ConfigError(sorted([...duplicates, ...problems.map(issue)]));
  }

  const dir = dirname(absolute);
  return { inventory: resolveLocalFiles(parsed.data, dir), file: absolute, dir };
}

/** The node an alias refers to, or undefined when no anchor of its name precedes it. */
type ResolveAlias = (alias: Alias) => unknown;

// yaml's Alias.resolve() searches the whole document on every call, so a file of a few thousand
// aliases took seconds before any check could refuse it. The anchors are collected once instead; an
// alias refers to the latest anchor of its name that comes before it (YAML 1.2 §3.2.2.2).
function anchorResolver(doc: Document): ResolveAlias {
  const anchors = new Map<string, Array<{ at: number; node: unknown }>>();
  visit(doc, {
    Node(_key, node) {
      if (!isAlias(node) && node.anchor) {
        const list = anchors.get(node.anchor) ?? [];
        list.push({ at: node.range?.[0] ?? 0, node });
        anchors.set(node.anchor, list);
      }
    },
  });
  return (alias) => {
    const at = alias.range?.[0] ?? 0;
    let found: unknown;
    for (const anchor of anchors.get(alias.source) ?? []) if (anchor.at < at) found = anchor.node;
    return found;
  };
}

// yaml's own guard (its default): aliases × the aliases inside what they point at.
const MAX_ALIAS_COUNT = 100;
// An inventory is small; expanded through its aliases it may hold this many nodes at most. yaml's count
// does not weigh an anchor's size, so 100 aliases of one wide list would still expand to millions of
// values (seconds of CPU and gigabytes) before any check could run.
const MAX_EXPANDED_NODES = 100_000;

// Counts the nodes the document would expand to, stopping as soon as the cap is passed (memoised per
// node, so the count itself is linear in the document, however deep the aliases nest).
function aliasBomb(doc: Document, resolveAlias: ResolveAlias, file: string, locator: NodeLocator): ConfigIssue | null {
  const sizes = new Map<unknown, number>();
  let firstAlias: number | null = null;
  const size = (node: unknown): number => {
    const known = sizes.get(node);
    if (known !== undefined) return known;
    sizes.set(node, 1); // a cycle (an alias inside its own anchor) counts once
    let n = 1;
    if (isAlias(node)) {
      firstAlias ??= node.range?.[0] ?? 0;
      n = size(resolveAlias(node));
    } else if (isMap(node)) {
      for (const pair of node.items) n += size(pair.key) + size(pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) n += size(item);
    }
    n = Math.min(n, MAX_EXPANDED_NODES + 1);
    sizes.set(node, n);
    return n;
  };
  if (size(doc.contents) <= MAX_EXPANDED_NODES) return null;
  return {
    file,
    ...locator.offset(firstAlias ?? 0),
    path: '',
    message: `the document expands through its aliases to more than ${MAX_EXPANDED_NODES} values (an alias "bomb"?); an inventory needs far fewer: write it without such aliases`,
  };
}

// Record sections keyed by a name the inventory defines.
const NAMED_SECTIONS = ['forges', 'personas', 'credentials', 'consumers', 'notify'] as const;

// A key `__proto__` is kept by the YAML parser but dropped by object validation (and by any plain
// object lookup), so a credential of that name would vanish silently. Refused, with its position.
function reservedNames(data: unknown): Problem[] {
  if (data === null || typeof data !== 'object') return [];
  const problems: Problem[] = [];
  for (const section of NAMED_SECTIONS) {
    const value: unknown = Object.hasOwn(data, section) ? (data as Record<string, unknown>)[section] : undefined;
    if (value !== null && typeof value === 'object' && Object.hasOwn(value, '__proto__')) {
      problems.push({ path: [section, '__proto__'], at: 'key', message: `"__proto__" cannot be a name (JavaScript reserves it, so it would be dropped silently); rename it` });
    }
  }
  return problems;
}

// `files[].local` is relative to the inventory's folder, not to wherever credcanary was started.
function resolveLocalFiles(inventory: Inventory, dir: string): Inventory {
  for (const credential of Object.values(inventory.credentials)) {
    for (const file of credential.files ?? []) file.local = resolve(dir, file.local);
  }
  return inventory;
}

// Issues name the file as the person would type it: relative to the working folder when inside it.
function displayPath(absolute: string): string {
  const rel = relative(process.cwd(), absolute);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absolute;
}

function sorted(issues: ConfigIssue[]): ConfigIssue[] {
  return issues.sort((a, b) => a.line - b.line || a.column - b.column);
}

function yamlIssue(error: YAMLError, file: string, locator: NodeLocator): ConfigIssue {
  // prettyErrors is off, so the message holds no source excerpt (which could quote a pasted token).
  const message = error.message.replace(/ at line \d+, column \d+.*$/s, '');
  return { file, ...locator.offset(error.pos[0]), path: '', message: `YAML: ${message}` };
}

function topLevelProblem(doc: Document): Problem | undefined {
  const contents = doc.contents;
  const expectation = 'expected a mapping with at least "version: 1" and "forges:"';
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) {
    return { path: [], at: 'value', message: `the inventory is empty: ${expectation}` };
  }
  if (!isMap(contents)) {
    const kind = isScalar(contents) ? 'a single value' : 'a list';
    return { path: [], at: 'value', message: `the inventory is ${kind}: ${expectation}` };
  }
  return undefined;
}

// YAML lets a parser keep either value of a repeated key; the inventory refuses both, pointing at the repeat.
// An alias to an anchor that is not (yet) defined is reported here too, where its position is known.
function structureIssues(
  node: unknown,
  path: PathSegment[],
  resolveAlias: ResolveAlias,
  file: string,
  locator: NodeLocator,
  out: { duplicates: ConfigIssue[]; aliases: ConfigIssue[] },
): void {
  if (isAlias(node) && resolveAlias(node) === undefined) {
    const message = `unknown anchor "*${node.source}" (an anchor must be defined with &${node.source} before it is used)`;
    out.aliases.push({ file, ...locator.offset(node.range?.[0] ?? 0), path: formatPath(path), message });
  }
  if (isSeq(node)) node.items.forEach((item, i) => structureIssues(item, [...path, i], resolveAlias, file, locator, out));
  if (!isMap(node)) return;
  const seen = new Map<string, number>();
  for (const pair of node.items) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const offset = pair.key.range?.[0] ?? 0;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, offset);
      structureIssues(pair.value, [...path, key], resolveAlias, file, locator, out);
    } else {
      const message = `duplicate key "${key}" (first at line ${locator.offset(first).line})`;
      out.duplicates.push({ file, ...locator.offset(offset), path: formatPath([...path, key]), message });
    }
  }
}
