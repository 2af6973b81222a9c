// Finding consumers in a tree: which files are workflows (and which forges read each workflow
// folder), GitLab pipelines, crontabs, systemd units and shell scripts.

import { readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import type { ConsumerKind, Forge } from './model.js';

/** A file the scanner will read. */
export interface Discovered {
  /** Absolute path. */
  abs: string;
  /** Path relative to the scan root, `/`-separated. */
  path: string;
  /** Kind by path; `maybe-script` is decided by the file's shebang once read. */
  kind: ConsumerKind | 'maybe-script';
  forges: Forge[];
  notes: string[];
}

/** The files of a scan and every path in the tree (for resolving env files and includes). */
export interface Discovery {
  files: Discovered[];
  tree: Set<string>;
}

/** Folders never worth walking: VCS data, dependencies, caches. */
const SKIP_DIRS = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', '.terraform', '.cache', '.tox', '.mypy_cache']);

const WORKFLOW = /(?:^|\/)\.(github|gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/;
const ACTION = /(?:^|\/)action\.ya?ml$/;
const GITLAB = /(?:^|\/)\.gitlab-ci\.ya?ml$/;
const CRON = /(?:^|\/)(?:cron\.d|cron|crontabs)\/[^/.]+$|(?:^|\/)crontab$|\.(?:cron|crontab)$/;
const SYSTEMD = /\.(?:timer|service)$/;
const SCRIPT = /\.(?:sh|bash)$/;

/** Classifies a path (relative, `/`-separated) by where it sits and how it is named. */
export function classifyPath(path: string): ConsumerKind | 'maybe-script' | null {
  if (WORKFLOW.test(path)) return 'workflow';
  if (GITLAB.test(path)) return 'gitlab-ci';
  if (ACTION.test(path)) return 'composite-action';
  if (CRON.test(path)) return 'crontab';
  if (SYSTEMD.test(path)) return 'systemd';
  if (SCRIPT.test(path)) return 'script';
  if (!basename(path).includes('.')) return 'maybe-script';
  return null;
}

/**
 * Forges that run a workflow folder, given which workflow folders exist beside it. Gitea reads only
 * the first existing of `.gitea/workflows`, `.github/workflows`; Forgejo looks at `.forgejo/workflows`
 * first, then the same two (gitea-api-facts.md §8).
 */
export function forgesFor(folder: 'github' | 'gitea' | 'forgejo', existing: ReadonlySet<string>): { forges: Forge[]; notes: string[] } {
  const hasForgejo = existing.has('forgejo');
  const hasGitea = existing.has('gitea');
  if (folder === 'forgejo') return { forges: ['forgejo'], notes: [] };
  if (folder === 'gitea') {
    return hasForgejo
      ? { forges: ['gitea'], notes: ['.forgejo/workflows exists, so Forgejo ignores .gitea/workflows'] }
      : { forges: ['gitea', 'forgejo'], notes: [] };
  }
  const forges: Forge[] = ['github'];
  const notes: string[] = [];
  if (hasGitea) notes.push('.gitea/workflows exists, so Gitea ignores .github/workflows');
  else forges.push('gitea');
  if (hasForgejo || hasGitea) notes.push(`${hasForgejo ? '.forgejo' : '.gitea'}/workflows exists, so Forgejo ignores .github/workflows`);
  else forges.push('forgejo');
  return { forges, notes };
}

/** Adds forges and notes to discovered workflows, from which workflow folders each repo root has. */
function assignForges(files: readonly Discovered[]): void {
  const folders = new Map<string, Set<string>>();
  // Each workflow's repository root and folder, matched once (a tree may hold tens of thousands of files).
  const workflows: [Discovered, string, 'github' | 'gitea' | 'forgejo'][] = [];
  for (const f of files) {
    if (f.kind === 'gitlab-ci') f.forges = ['gitlab'];
    const m = WORKFLOW.exec(f.path);
    if (!m) continue;
    const root = f.path.slice(0, m.index);
    const folder = m[1] as 'github' | 'gitea' | 'forgejo';
    workflows.push([f, root, folder]);
    const set = folders.get(root);
    if (set) set.add(folder);
    else folders.set(root, new Set([folder]));
  }
  for (const [f, root, folder] of workflows) {
    const { forges, notes } = forgesFor(folder, folders.get(root) ?? new Set());
    f.forges = forges;
    f.notes = notes;
  }
}

/**
 * Walks folders depth-first from `pending` (a stack it works through and extends), calling `onFile`
 * with each file's absolute path, until `stop(foldersRead)` says so or no folder is left; returns the
 * same stack, holding the folders not yet read. Synchronous reads: a tree of many small folders is
 * walked about twice as fast as with a promise per folder.
 */
export function walk(pending: string[], onFile: (abs: string) => void, stop?: (foldersRead: number) => boolean): string[] {
  for (let read = 0; pending.length > 0 && !stop?.(read); read++) {
    const d = pending.pop() as string;
    let list;
    try {
      list = readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    // Plain concatenation: the walk's paths are already normal, and `join` re-normalises every one.
    const prefix = d.endsWith(sep) ? d : d + sep;
    for (const entry of list) {
      const abs = prefix + entry.name;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) pending.push(abs);
      } else if (entry.isFile()) {
        onFile(abs);
      }
    }
  }
  return pending;
}

/** Relative, `/`-separated path under root. */
export function relPath(root: string, abs: string): string {
  // Files found by walking `root` start with it: slicing is the same as `relative`, without its work.
  if (abs.length > root.length + 1 && abs.startsWith(root) && abs[root.length] === sep && !root.endsWith(sep)) {
    const rel = abs.slice(root.length + 1);
    return sep === '/' ? rel : rel.split(sep).join('/');
  }
  return relative(root, abs).split(sep).join('/');
}

/**
 * Discovers consumers under `root`, or in the explicit `paths` (files or folders, relative to the
 * working directory). Explicit files that no rule of naming recognises are still read: their
 * content decides (see the scanner).
 */
export async function discover(root: string, paths: readonly string[] = []): Promise<Discovery> {
  const absRoot = resolve(root);
  const tree = new Set<string>();
  const files: Discovered[] = [];
  const add = (abs: string, explicit: boolean): void => {
    const path = relPath(absRoot, abs);
    tree.add(path);
    const kind = classifyPath(path) ?? (explicit ? 'maybe-script' : null);
    if (kind) files.push({ abs, path, kind, forges: [], notes: [] });
  };
  if (paths.length === 0) {
    walk([await checkRoot(absRoot)], (abs) => add(abs, false));
  } else {
    for (const p of paths) {
      const abs = resolve(p);
      const info = await stat(abs);
      if (info.isDirectory()) walk([abs], (a) => add(a, false));
      else add(abs, true);
    }
  }
  completeDiscovery(files);
  return { files, tree };
}

/**
 * Once the whole tree is known: orders files by path and gives each workflow the forges that read its
 * folder (which depends on the other workflow folders of its repository, found anywhere in the walk).
 */
export function completeDiscovery(files: Discovered[]): void {
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  assignForges(files);
}

/** A root folder to walk, or the error a missing or non-folder root must give (never an empty, clean tree). */
export async function checkRoot(root: string): Promise<string> {
  const absRoot = resolve(root);
  const info = await stat(absRoot);
  if (!info.isDirectory()) throw Object.assign(new Error(`not a folder: ${absRoot}`), { code: 'ENOTDIR', path: absRoot });
  return absRoot;
}
