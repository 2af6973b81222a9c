// The scan: discover files and process each once (read, analyse, lint; on big trees the walk and the
// reads run on a second thread meanwhile), link files that belong together (GitLab includes, timer + service, sourced env files), apply the
// inventory's allowlist and cross-checks.

import { readFile } from 'node:fs/promises';
import { posix, resolve } from 'node:path';
import type { LoadedInventory } from '../inventory/schema.js';
import { discover, type Discovered } from './discover.js';
import { crossCheck } from './inventory-check.js';
import { SCAN_SCHEMA, type Consumer, type Diagnostic, type FileEntry, type Finding, type ScanResult, type SuppressedFinding } from './model.js';
import { forgetContents, processFile, processRead, type FileOutcome } from './process-file.js';
import { walkAndRead, type ReadAhead } from './read-ahead.js';
import { readCandidate } from './read-file.js';
import type { Rule } from './rule.js';
import { RULES } from './rules/index.js';
import { envFileKeys } from './shell.js';
import { applySuppressions } from './suppress.js';
import { CREDENTIAL_NAME, type ProgramUse } from './text.js';

/** What to scan and against what. */
export interface ScanOptions {
  /** Folder paths are reported relative to (default: the working directory). */
  root?: string;
  /** Explicit files or folders; empty means the whole root. */
  paths?: readonly string[];
  inventory?: LoadedInventory | null;
  rules?: readonly Rule[];
  /**
   * Whether a second thread walks the tree and reads files while this one analyses them (default
   * `auto`: once the walk passes a few hundred folders). Results are the same every way; figures are in
   * bench/scan.md.
   */
  readAhead?: ReadAhead;
}

/** Finds a file of the tree that a path written in `from` names (relative, absolute-install, or `$DIR/`-prefixed). */
export function resolveInTree(tree: ReadonlySet<string>, from: string, written: string): string | null {
  let p = written.trim().replace(/^["']|["']$/g, '');
  const dynamicPrefix = /^(?:\$\(\s*dirname\s+["']?\$\{?(?:0|BASH_SOURCE(?:\[0\])?)\}?["']?\s*\)|\$\{BASH_SOURCE%\/\*\}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|~)["']?\//;
  p = p.replace(dynamicPrefix, '');
  if (p.includes('$') || p === '') return null;
  const dir = posix.dirname(from);
  if (!p.startsWith('/')) {
    for (let d = dir; ; d = posix.dirname(d)) {
      const candidate = posix.normalize(d === '.' ? p : `${d}/${p}`);
      if (tree.has(candidate)) return candidate;
      if (d === '.' || d === '/' || d === '') break;
    }
    return null;
  }
  // An absolute install path (/opt/app/ops/.env) usually ends with the path inside the repository.
  const parts = p.split('/').filter(Boolean);
  const candidates = byBasename(tree).get(parts[parts.length - 1] ?? '') ?? [];
  for (let i = 0; i < parts.length; i++) {
    const suffix = parts.slice(i).join('/');
    let best: string | null = null;
    let bestScore = -1;
    for (const t of candidates) {
      if (t !== suffix && !t.endsWith(`/${suffix}`)) continue;
      const score = commonPrefix(t, from);
      if (score > bestScore) {
        best = t;
        bestScore = score;
      }
    }
    if (best) return best;
  }
  return null;
}

const basenameIndex = new WeakMap<ReadonlySet<string>, Map<string, string[]>>();

/** The tree's paths by file name, built once per tree. */
function byBasename(tree: ReadonlySet<string>): Map<string, string[]> {
  let index = basenameIndex.get(tree);
  if (!index) {
    index = new Map();
    for (const t of tree) {
      const name = t.slice(t.lastIndexOf('/') + 1);
      const list = index.get(name);
      if (list) list.push(t);
      else index.set(name, [t]);
    }
    basenameIndex.set(tree, index);
  }
  return index;
}

/** Length of the common leading path of two paths. */
function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Fills env files' keys from the tree and adds credential-like keys as secret uses. */
async function resolveEnvFiles(consumer: Consumer, tree: ReadonlySet<string>, root: string, cache: Map<string, Promise<string[] | null>>): Promise<void> {
  for (const use of consumer.envFiles) {
    const found = resolveInTree(tree, consumer.path, use.path);
    if (!found) {
      // Said, not skipped: what that file sets is unknown, and a secret may come from it.
      const note = `env file ${use.path} is not in the scanned tree, so the secrets it sets are unknown`;
      // A new array: the notes may be shared with other files of the same folder.
      if (!consumer.notes.includes(note)) consumer.notes = [...consumer.notes, note];
      continue;
    }
    let keys = cache.get(found);
    if (!keys) {
      keys = readFile(resolve(root, found), 'utf8').then(envFileKeys, () => null);
      cache.set(found, keys);
    }
    const list = await keys;
    if (!list) continue;
    use.resolved = found;
    use.keys = list;
    for (const key of list) {
      if (CREDENTIAL_NAME.test(key)) consumer.secrets.push({ name: key, via: 'env-file', through: found, line: use.line, column: use.column });
    }
  }
}

/** Joins each `.timer` to its `.service` (same folder; `Unit=` or the same name). */
function pairTimers(outcomes: readonly FileOutcome[], consumers: Consumer[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byPath = new Map(consumers.map((c) => [c.path, c]));
  for (const o of outcomes) {
    if (!o.timer || !o.entry) continue;
    const path = o.entry.path;
    const dir = posix.dirname(path);
    const unit = o.timer.unit ?? posix.basename(path).replace(/\.timer$/, '.service');
    const service = byPath.get(dir === '.' ? unit : `${dir}/${unit}`);
    if (service) {
      service.triggers.push(...o.timer.triggers.map((t) => ({ ...t, event: `timer:${path}` })));
      service.includes.push(path);
    } else {
      consumers.push({ id: path, path, kind: 'systemd', forges: [], notes: [`starts ${unit}, which is not in the scanned tree`], triggers: o.timer.triggers, jobs: [], secrets: [], envFiles: [], includes: [] });
      diagnostics.push({ file: path, line: 1, column: 1, message: `timer starts ${unit}, which was not found beside it` });
    }
  }
  return diagnostics;
}

/** A consumer that starts a script in the tree, where it names it. */
interface ProgramLink {
  starter: Consumer;
  script: string;
  at: ProgramUse;
}

/**
 * Links services and cron lines to scripts they start (`ExecStart=/opt/app/ops/run.sh` → `ops/run.sh`
 * in the tree).
 */
function linkPrograms(outcomes: readonly FileOutcome[], tree: ReadonlySet<string>): ProgramLink[] {
  const links: ProgramLink[] = [];
  for (const o of outcomes) {
    if (!o.consumer) continue;
    for (const use of o.programs) {
      const found = resolveInTree(tree, o.consumer.path, use.program);
      if (!found) continue;
      if (!o.consumer.includes.includes(found)) o.consumer.includes.push(found);
      links.push({ starter: o.consumer, script: found, at: use });
    }
  }
  return links;
}

/**
 * A service or cron line reads what the script it starts reads: its consumer gets those secrets (through
 * the script, at the line that starts it), so its schedule is known for each secret.
 */
function inheritScriptSecrets(links: readonly ProgramLink[], consumers: readonly Consumer[]): void {
  if (links.length === 0) return;
  const byPath = new Map(consumers.map((c) => [c.path, c]));
  for (const { starter, script, at } of links) {
    const callee = byPath.get(script);
    if (!callee || callee === starter) continue;
    const have = new Set(starter.secrets.map((s) => s.name));
    for (const s of callee.secrets) {
      if (s.automatic || s.name === '*' || have.has(s.name)) continue;
      have.add(s.name);
      starter.secrets.push({ name: s.name, via: s.via, through: script, line: at.line, column: at.column });
    }
  }
}

/**
 * `secrets: inherit` into a reusable workflow of the same repository: the caller then reads whatever the
 * callee reads, so those names are added to the caller (via `inherit`, through the callee's path).
 */
function linkInheritedSecrets(consumers: readonly Consumer[]): void {
  // Few callers inherit: the index of every consumer by path is built only for the first of them.
  let byPath: Map<string, Consumer> | undefined;
  for (const caller of consumers) {
    const inherits = caller.secrets.filter((s) => s.via === 'inherit' && s.name === '*');
    if (inherits.length === 0) continue;
    const index = (byPath ??= new Map(consumers.map((c) => [c.path, c])));
    const repoRoot = /^(.*?)\.(?:github|gitea|forgejo)\/workflows\//.exec(caller.path)?.[1] ?? '';
    const jobs = [...caller.jobs].sort((a, b) => a.line - b.line);
    jobs.forEach((job, i) => {
      const local = job.uses?.startsWith('./') ? job.uses.slice(2).replace(/@.*$/, '') : null;
      const callee = local ? index.get(`${repoRoot}${local}`) : undefined;
      // This job's `secrets: inherit` is written between its key and the next job's.
      const end = jobs[i + 1]?.line ?? Infinity;
      const at = inherits.find((s) => s.line > job.line && s.line < end);
      if (!callee || !at) return;
      const names = new Set(callee.secrets.filter((s) => !s.automatic && s.name !== '*').map((s) => s.name));
      for (const name of names) caller.secrets.push({ name, via: 'inherit', through: callee.path, line: at.line, column: at.column });
    });
  }
}

/** Scans a tree (or explicit paths) and returns the `credcanary.scan/v1` result. */
export async function scan(options: ScanOptions = {}): Promise<ScanResult> {
  const root = resolve(options.root ?? '.');
  const rules = options.rules ?? RULES;
  const memoise = options.rules === undefined;
  const processed: [Discovered, FileOutcome][] = [];
  forgetContents();
  let tree: ReadonlySet<string>;
  if (options.paths && options.paths.length > 0) {
    const found = await discover(root, options.paths);
    tree = found.tree;
    for (const f of found.files) processed.push([f, processRead(f, readCandidate(f.abs), rules, memoise)]);
  } else {
    ({ tree } = await walkAndRead(root, options.readAhead ?? 'auto', (f, read) => processed.push([f, processRead(f, read, rules, memoise)])));
  }
  // Files arrive in walk order (from two threads); from here on everything runs in path order.
  processed.sort((x, y) => (x[0].path < y[0].path ? -1 : x[0].path > y[0].path ? 1 : 0));
  const outcomes = processed.map(([, o]) => o);

  // GitLab `include: local` files are consumers too, though no naming rule finds them. The set of paths
  // already analysed is made only when a GitLab file includes something.
  let seen: Set<string> | undefined;
  for (let i = 0; i < outcomes.length; i++) {
    const o = outcomes[i];
    if (!o?.entry || o.entry.kind !== 'gitlab-ci' || o.includes.length === 0) continue;
    seen ??= new Set(outcomes.flatMap((x) => (x.entry ? [x.entry.path] : [])));
    const from = o.entry.path.includes('/') ? `${posix.dirname(o.entry.path)}/x` : 'x';
    for (const inc of o.includes) {
      const path = resolveInTree(tree, from, inc.replace(/^\//, ''));
      if (!path || seen.has(path)) continue;
      seen.add(path);
      const file: Discovered = { abs: resolve(root, path), path, kind: 'gitlab-ci', forges: ['gitlab'], notes: [`included by ${o.entry.path}`] };
      const outcome = processFile(file, rules);
      processed.push([file, outcome]);
      outcomes.push(outcome);
    }
  }
  // The memo holds these very outcomes, which are completed below: it must not serve them again.
  forgetContents();
  // Which forges read a workflow is known only once the whole tree is walked.
  for (const [file, outcome] of processed) {
    if (!outcome.consumer) continue;
    outcome.consumer.forges = file.forges;
    outcome.consumer.notes = file.notes;
  }
  const consumers = outcomes.map((o) => o.consumer).filter((c): c is Consumer => c !== null);
  const diagnostics: Diagnostic[] = outcomes.flatMap((o) => o.diagnostics);
  diagnostics.push(...pairTimers(outcomes, consumers));
  const links = linkPrograms(outcomes, tree);
  linkInheritedSecrets(consumers);
  const envCache = new Map<string, Promise<string[] | null>>();
  for (const c of consumers) if (c.envFiles.length > 0) await resolveEnvFiles(c, tree, root, envCache);
  inheritScriptSecrets(links, consumers);

  const inv = options.inventory ?? null;
  const raw: Finding[] = outcomes.flatMap((o) => o.findings);
  let kept = raw;
  const suppressed: SuppressedFinding[] = outcomes.flatMap((o) => o.suppressed);
  if (inv) {
    const allow = { entries: inv.inventory.scan?.allow ?? [], dir: inv.dir, root };
    for (const entry of allow.entries) {
      if (!rules.some((r) => r.id === entry.rule)) {
        diagnostics.push({ file: inv.file, line: 1, column: 1, message: `scan.allow names rule "${entry.rule}", which does not exist (rules: ${rules.map((r) => r.id).join(', ')})` });
      }
    }
    const split = applySuppressions(raw, () => undefined, allow);
    kept = split.kept;
    suppressed.push(...split.suppressed);
  }
  const entries: FileEntry[] = outcomes.flatMap((o) => (o.entry ? [o.entry] : []));
  for (const c of consumers) c.secrets.sort((x, y) => x.line - y.line || x.column - y.column);
  return {
    schema: SCAN_SCHEMA,
    root,
    files: entries.sort(byPath),
    consumers: consumers.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)),
    findings: kept.sort(byLocation),
    suppressed: suppressed.sort(byLocation),
    diagnostics: diagnostics.sort(byLocation),
    inventory: inv ? crossCheck(consumers, inv, root) : null,
  };
}

/** Orders by path. */
function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Orders by file, line, column (and rule, for findings on the same spot). */
function byLocation(a: { file: string; line: number; column: number; rule?: string }, b: { file: string; line: number; column: number; rule?: string }): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.rule ?? '').localeCompare(b.rule ?? '');
}

