// The scan: discover files, read them with a small pool, analyse each once, link files that belong
// together (GitLab includes, timer + service, sourced env files), run the rules, apply suppressions.

import { readFile } from 'node:fs/promises';
import { posix, resolve } from 'node:path';
import type { LoadedInventory } from '../inventory/schema.js';
import { analyzeFile, type FileAnalysis } from './analyze.js';
import { discover, type Discovered } from './discover.js';
import { crossCheck } from './inventory-check.js';
import { SCAN_SCHEMA, type Consumer, type ConsumerKind, type Diagnostic, type FileEntry, type Finding, type ScanResult } from './model.js';
import { runRule, type Rule } from './rule.js';
import { RULES } from './rules/index.js';
import { envFileKeys } from './shell.js';
import { applySuppressions } from './suppress.js';
import { CREDENTIAL_NAME } from './text.js';

/** What to scan and against what. */
export interface ScanOptions {
  /** Folder paths are reported relative to (default: the working directory). */
  root?: string;
  /** Explicit files or folders; empty means the whole root. */
  paths?: readonly string[];
  inventory?: LoadedInventory | null;
  /** Files read at once. */
  concurrency?: number;
  rules?: readonly Rule[];
}

/** Files larger than this are not consumers anyone writes by hand; they are skipped with a diagnostic. */
const MAX_BYTES = 2 * 1024 * 1024;
const SHELL_SHEBANG = /^#!\s*\S*(?:\/|\s)(?:env\s+)?(?:ba|da|k|z)?sh\b/;

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Decides what an unrecognised file is from its content (shebang, workflow keys), or null. */
function sniff(path: string, text: string): ConsumerKind | null {
  if (SHELL_SHEBANG.test(text)) return 'script';
  if (/\.ya?ml$/.test(path)) {
    if (/^on\s*:/m.test(text) && /^jobs\s*:/m.test(text)) return 'workflow';
    if (/^\s*script\s*:/m.test(text) && /^stages\s*:/m.test(text)) return 'gitlab-ci';
  }
  return null;
}

/** Reads and analyses one discovered file. */
async function analyzeDiscovered(file: Discovered): Promise<{ analysis: FileAnalysis | null; diagnostic: Diagnostic | null }> {
  let text: string;
  try {
    const buf = await readFile(file.abs);
    if (buf.length > MAX_BYTES) {
      return { analysis: null, diagnostic: file.kind === 'maybe-script' ? null : { file: file.path, line: 1, column: 1, message: `skipped: larger than ${MAX_BYTES} bytes` } };
    }
    text = buf.toString('utf8');
  } catch (err) {
    return { analysis: null, diagnostic: { file: file.path, line: 1, column: 1, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` } };
  }
  const kind = file.kind === 'maybe-script' ? sniff(file.path, text) : file.kind;
  if (!kind) return { analysis: null, diagnostic: null };
  return { analysis: analyzeFile({ path: file.path, kind, text, forges: file.forges, notes: file.notes }), diagnostic: null };
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
  let best: string | null = null;
  let bestScore = -1;
  for (let i = 0; i < parts.length; i++) {
    const suffix = parts.slice(i).join('/');
    for (const t of tree) {
      if (t !== suffix && !t.endsWith(`/${suffix}`)) continue;
      const score = (parts.length - i) * 1000 + commonPrefix(t, from);
      if (score > bestScore) {
        best = t;
        bestScore = score;
      }
    }
    if (best) return best;
  }
  return null;
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
    if (!found) continue;
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
function pairTimers(analyses: FileAnalysis[], consumers: Consumer[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const byPath = new Map(consumers.map((c) => [c.path, c]));
  for (const a of analyses) {
    if (!a.timer) continue;
    const dir = posix.dirname(a.path);
    const unit = a.timer.unit ?? posix.basename(a.path).replace(/\.timer$/, '.service');
    const servicePath = dir === '.' ? unit : `${dir}/${unit}`;
    const service = byPath.get(servicePath);
    if (service) {
      service.triggers.push(...a.timer.triggers.map((t) => ({ ...t, event: `timer:${a.path}` })));
      service.includes.push(a.path);
    } else {
      consumers.push({ id: a.path, path: a.path, kind: 'systemd', forges: [], notes: [`starts ${unit}, which is not in the scanned tree`], triggers: a.timer.triggers, jobs: [], secrets: [], envFiles: [], includes: [] });
      diagnostics.push({ file: a.path, line: 1, column: 1, message: `timer starts ${unit}, which was not found beside it` });
    }
  }
  return diagnostics;
}

/** Links services to scripts they start (`ExecStart=/opt/app/ops/run.sh` → `ops/run.sh` in the tree). */
function linkPrograms(analyses: FileAnalysis[], consumers: Consumer[], tree: ReadonlySet<string>): void {
  const byPath = new Map(consumers.map((c) => [c.path, c]));
  for (const a of analyses) {
    const consumer = byPath.get(a.path);
    if (!consumer) continue;
    for (const program of a.programs) {
      const found = resolveInTree(tree, a.path, program);
      if (found && !consumer.includes.includes(found)) consumer.includes.push(found);
    }
  }
}

/** Scans a tree (or explicit paths) and returns the `credcanary.scan/v1` result. */
export async function scan(options: ScanOptions = {}): Promise<ScanResult> {
  const root = resolve(options.root ?? '.');
  const rules = options.rules ?? RULES;
  const { files, tree } = await discover(root, options.paths ?? []);
  const results = await pool(files, options.concurrency ?? 32, analyzeDiscovered);
  const analyses: FileAnalysis[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const r of results) {
    if (r.analysis) analyses.push(r.analysis);
    if (r.diagnostic) diagnostics.push(r.diagnostic);
  }
  // GitLab `include: local` files are consumers too, though no naming rule finds them.
  const seen = new Set(analyses.map((a) => a.path));
  for (let i = 0; i < analyses.length; i++) {
    const a = analyses[i];
    if (!a || a.kind !== 'gitlab-ci') continue;
    for (const inc of a.includes) {
      const path = resolveInTree(tree, a.path.includes('/') ? `${posix.dirname(a.path)}/x` : 'x', inc.replace(/^\//, ''));
      if (!path || seen.has(path)) continue;
      seen.add(path);
      const r = await analyzeDiscovered({ abs: resolve(root, path), path, kind: 'gitlab-ci', forges: ['gitlab'], notes: [`included by ${a.path}`] });
      if (r.analysis) analyses.push(r.analysis);
      if (r.diagnostic) diagnostics.push(r.diagnostic);
    }
  }
  const consumers = analyses.map((a) => a.consumer).filter((c): c is Consumer => c !== null);
  diagnostics.push(...pairTimers(analyses, consumers));
  linkPrograms(analyses, consumers, tree);
  const envCache = new Map<string, Promise<string[] | null>>();
  await pool(consumers, 8, (c) => resolveEnvFiles(c, tree, root, envCache));

  const raw: Finding[] = [];
  for (const a of analyses) {
    diagnostics.push(...a.diagnostics);
    for (const rule of rules) raw.push(...runRule(rule, a));
  }
  const linesByFile = new Map(analyses.map((a) => [a.path, a.lines]));
  const inv = options.inventory ?? null;
  const allow = inv ? { entries: inv.inventory.scan?.allow ?? [], dir: inv.dir, root } : null;
  const { kept, suppressed, diagnostics: suppressionDiagnostics } = applySuppressions(raw, (f) => linesByFile.get(f), allow);
  diagnostics.push(...suppressionDiagnostics);

  const failed = new Set(diagnostics.filter((d) => d.message.startsWith('YAML') || d.message.startsWith('cannot read') || d.message.startsWith('not a workflow')).map((d) => d.file));
  const entries: FileEntry[] = analyses.map((a) => ({ path: a.path, kind: a.kind, status: failed.has(a.path) ? 'error' : 'ok' }));
  for (const r of results) {
    if (!r.analysis && r.diagnostic) entries.push({ path: r.diagnostic.file, kind: 'script', status: 'error' });
  }
  for (const c of consumers) c.secrets.sort((x, y) => x.line - y.line || x.column - y.column);
  return {
    schema: SCAN_SCHEMA,
    root,
    files: entries.sort(byPath),
    consumers: consumers.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)),
    findings: kept.sort(byLocation),
    suppressed: suppressed.sort(byLocation),
    diagnostics: diagnostics.sort(byLocation),
    inventory: inv ? crossCheck(consumers, inv) : null,
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

