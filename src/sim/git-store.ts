// Real bare git repositories for the simulator. Seeding (create, commit) runs git synchronously: it is setup.
// Reads on the API hot path run git asynchronously and are cached per repository until the next commit or push.

import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** One commit as the API shows it (PayloadCommit / ContentsResponse last_commit_*). */
export interface CommitInfo {
  sha: string;
  message: string;
  authorName: string;
  authorEmail: string;
  authorDate: string;
  committerName: string;
  committerEmail: string;
  committerDate: string;
}

/** A blob read at a ref, with the commit that last touched its path. */
export interface FileInfo {
  content: Buffer;
  blobSha: string;
  commitSha: string;
  lastCommit: CommitInfo;
}

/** Entry of a tree listing (for directory paths in /contents). */
export interface TreeEntry {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'submodule';
  sha: string;
  size: number;
}

/** What a path at a ref resolves to. */
export type PathLookup =
  | { kind: 'file'; file: FileInfo }
  | { kind: 'dir'; entries: TreeEntry[]; commitSha: string }
  | { kind: 'missing' };

/** The hook Gitea's pre-receive performs (routers/private/hook_pre_receive.go), driven by env the bridge sets. */
const PRE_RECEIVE_HOOK = `#!/bin/sh
# credcanary forge simulator: Gitea's deferred push checks. The HTTP bridge lets a read-only user pass
# info/refs (as Gitea does when git supports proc-receive) and decides here, per pushed ref.
while read old new ref; do
  if [ "$CREDCANARY_SIM_CAN_WRITE" != "1" ]; then
    echo "Gitea: User permission denied for writing." >&2
    exit 1
  fi
  case "$ref" in
    refs/heads/*)
      b="\${ref#refs/heads/}"
      if [ -n "$CREDCANARY_SIM_DENY_BRANCHES" ] && printf '%s\\n' "$CREDCANARY_SIM_DENY_BRANCHES" | grep -qxF -- "$b"; then
        echo "Gitea: Not allowed to push to protected branch $b" >&2
        exit 1
      fi
      ;;
  esac
done
exit 0
`;

const FIELD = '%00';
const COMMIT_FORMAT = ['%H', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%B'].join('%x00');

function parseCommit(fields: string[]): CommitInfo {
  const [sha, an, ae, ad, cn, ce, cd, ...msg] = fields;
  return {
    sha: sha ?? '',
    authorName: an ?? '',
    authorEmail: ae ?? '',
    authorDate: ad ?? '',
    committerName: cn ?? '',
    committerEmail: ce ?? '',
    committerDate: cd ?? '',
    message: msg.join('\0'),
  };
}

/** A git environment free of the caller's GIT_* variables and user config. */
export function cleanGitEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  env.HOME = home;
  env.GIT_CONFIG_NOSYSTEM = '1';
  env.GIT_CONFIG_GLOBAL = '/dev/null';
  env.GIT_TERMINAL_PROMPT = '0';
  return env;
}

interface RepoCache {
  branches?: Promise<Map<string, CommitInfo>>;
  paths: Map<string, Promise<PathLookup>>;
}

/** Creates, commits to and reads the bare repositories under one root. */
export class GitStore {
  private readonly env: NodeJS.ProcessEnv;
  private readonly caches = new Map<string, RepoCache>();

  constructor(readonly root: string) {
    this.env = cleanGitEnv(root);
  }

  /** Path of a repository's bare directory. */
  dirFor(ownerKey: string, nameKey: string): string {
    return join(this.root, ownerKey, `${nameKey}.git`);
  }

  private git(dir: string, args: string[], input?: string | Buffer): string {
    return execFileSync('git', ['--git-dir', dir, ...args], {
      env: this.env,
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  }

  /** Creates a bare repository with one commit of `files` on `defaultBranch`, and `branches` at the same commit. */
  create(dir: string, defaultBranch: string, files: Record<string, string>, branches: string[]): void {
    mkdirSync(dir, { recursive: true });
    execFileSync('git', ['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`, dir], { env: this.env });
    const hook = join(dir, 'hooks', 'pre-receive');
    writeFileSync(hook, PRE_RECEIVE_HOOK);
    chmodSync(hook, 0o755);
    this.commit(dir, defaultBranch, files, 'Initial commit', null);
    const extra = branches.filter((b) => b !== defaultBranch);
    if (extra.length > 0) {
      this.git(dir, ['fast-import', '--quiet'], extra.map((b) => `reset refs/heads/${b}\nfrom refs/heads/${defaultBranch}^0\n\n`).join(''));
    }
    this.invalidate(dir);
  }

  /** Commits `files` to `branch` on top of `parent` (a branch name; null for a root commit), via git fast-import. */
  commit(dir: string, branch: string, files: Record<string, string>, message: string, parent: string | null): void {
    const now = Math.floor(Date.now() / 1000);
    const chunks: Buffer[] = [];
    const text = (s: string): void => {
      chunks.push(Buffer.from(s));
    };
    const data = (s: string): void => {
      const b = Buffer.from(s);
      text(`data ${b.length}\n`);
      chunks.push(b);
      text('\n');
    };
    text(`commit refs/heads/${branch}\n`);
    text(`author Forge Sim <sim@noreply.localhost> ${now} +0000\n`);
    text(`committer Forge Sim <sim@noreply.localhost> ${now} +0000\n`);
    data(message);
    if (parent !== null) text(`from refs/heads/${parent}^0\n`);
    for (const [path, content] of Object.entries(files)) {
      if (path === '' || /[\n"]/.test(path) || path.startsWith('/')) throw new Error(`forge simulator: bad file path "${path}"`);
      text(`M 100644 inline ${path}\n`);
      data(content);
    }
    text('\n');
    this.git(dir, ['fast-import', '--quiet'], Buffer.concat(chunks));
    this.invalidate(dir);
  }

  /** Whether a branch exists (sync; setup only). */
  hasBranch(dir: string, branch: string): boolean {
    try {
      this.git(dir, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]);
      return true;
    } catch {
      return false;
    }
  }

  /** Drops cached reads for a repository (after a commit or a push). */
  invalidate(dir: string): void {
    this.caches.delete(dir);
  }

  private cache(dir: string): RepoCache {
    let c = this.caches.get(dir);
    if (!c) {
      c = { paths: new Map() };
      this.caches.set(dir, c);
    }
    return c;
  }

  private async run(dir: string, args: string[]): Promise<string> {
    const { stdout } = await execFileAsync('git', ['--git-dir', dir, ...args], {
      env: this.env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  }

  private async runBuffer(dir: string, args: string[]): Promise<Buffer> {
    const { stdout } = await execFileAsync('git', ['--git-dir', dir, ...args], {
      env: this.env,
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  }

  /** Branch name → head commit, cached. */
  branches(dir: string): Promise<Map<string, CommitInfo>> {
    const c = this.cache(dir);
    if (!c.branches) {
      const p = this.run(dir, ['for-each-ref', `--format=${REF_FORMAT}`, 'refs/heads/'])
        .then((out) => {
          const map = new Map<string, CommitInfo>();
          for (const rec of out.split('\x1e')) {
            const trimmed = rec.replace(/^\n/, '');
            if (trimmed === '') continue;
            const [name, ...rest] = trimmed.split('\0');
            map.set(name!, parseCommit(rest));
          }
          return map;
        });
      p.catch(() => this.invalidate(dir));
      c.branches = p;
    }
    return c.branches;
  }

  /** Resolves `path` at `ref` (branch, tag or commit), cached. */
  lookup(dir: string, ref: string, path: string): Promise<PathLookup> {
    const c = this.cache(dir);
    const k = `${ref}\0${path}`;
    let p = c.paths.get(k);
    if (!p) {
      p = this.lookupUncached(dir, ref, path);
      p.catch(() => c.paths.delete(k));
      c.paths.set(k, p);
    }
    return p;
  }

  private async lookupUncached(dir: string, ref: string, path: string): Promise<PathLookup> {
    if (ref.startsWith('-') || path.startsWith('-')) return { kind: 'missing' };
    let commitSha: string;
    try {
      commitSha = (await this.run(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).trim();
    } catch {
      return { kind: 'missing' };
    }
    const clean = path.replace(/^\/+|\/+$/g, '');
    if (clean === '') return { kind: 'dir', entries: await this.tree(dir, commitSha, ''), commitSha };
    const ls = (await this.run(dir, ['ls-tree', '-l', '-z', commitSha, '--', clean])).split('\0').filter(Boolean);
    const entry = ls.map(parseLsTree).find((e) => e.path === clean);
    if (!entry) return { kind: 'missing' };
    if (entry.objType === 'tree') return { kind: 'dir', entries: await this.tree(dir, commitSha, clean), commitSha };
    if (entry.objType !== 'blob') return { kind: 'missing' };
    const [content, log] = await Promise.all([
      this.runBuffer(dir, ['cat-file', 'blob', entry.sha]),
      this.run(dir, ['log', '-1', `--format=${COMMIT_FORMAT}`, commitSha, '--', clean]),
    ]);
    return {
      kind: 'file',
      file: { content, blobSha: entry.sha, commitSha, lastCommit: parseCommit(log.replace(/\n$/, '').split('\0')) },
    };
  }

  private async tree(dir: string, commitSha: string, path: string): Promise<TreeEntry[]> {
    const target = path === '' ? commitSha : `${commitSha}:${path}`;
    const out = await this.run(dir, ['ls-tree', '-l', '-z', target]);
    return out
      .split('\0')
      .filter(Boolean)
      .map(parseLsTree)
      .map((e) => ({
        name: e.path,
        sha: e.sha,
        size: e.size,
        type: e.mode === '120000' ? 'symlink' : e.objType === 'tree' ? 'dir' : e.objType === 'commit' ? 'submodule' : 'file',
      }));
  }
}

const REF_FORMAT =
  [
    '%(refname:strip=2)',
    '%(objectname)',
    '%(authorname)',
    '%(authoremail:trim)',
    '%(authordate:iso-strict)',
    '%(committername)',
    '%(committeremail:trim)',
    '%(committerdate:iso-strict)',
    '%(contents)',
  ].join(FIELD) + '%1e';

interface LsTreeEntry {
  mode: string;
  objType: string;
  sha: string;
  size: number;
  path: string;
}

function parseLsTree(line: string): LsTreeEntry {
  const tab = line.indexOf('\t');
  const [mode, objType, sha, size] = line.slice(0, tab).split(/\s+/);
  return { mode: mode ?? '', objType: objType ?? '', sha: sha ?? '', size: Number(size) || 0, path: line.slice(tab + 1) };
}
