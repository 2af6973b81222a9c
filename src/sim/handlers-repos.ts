// Handlers for repository routes: the repository, branches, protections, files and permissions
// (routers/api/v1/repo/*.go; reference §1.3, §6).

import { toBranch, toBranchProtection, toDirEntry, toFileContents, toRepo, toUser, type ContentsPlace } from './api-json.js';
import { readJson, sendList, type ApiCtx, type Step } from './api-context.js';
import { apiError, apiNotFound, sendJson } from './core.js';
import { Access } from './state.js';

/** GET /repos/{o}/{r}: permissions are the doer's role. */
export const getRepo: Step = (ctx) => {
  sendJson(ctx.res, 200, toRepo(ctx.core.json, ctx.repo!, ctx.access));
  return true;
};

/** user_can_push / user_can_merge of convert.ToBranch for the doer. */
function branchJson(ctx: ApiCtx, name: string, commit: Parameters<typeof toBranch>[3]): Record<string, unknown> {
  const repo = ctx.repo!;
  const rule = repo.protections.get(name);
  const canWrite = ctx.doer !== null && ctx.access >= Access.Write;
  const userCanPush = rule ? ctx.core.state.canUserPushProtected(repo, rule, ctx.doer) : canWrite;
  return toBranch(ctx.core.json, repo, name, commit, rule, {
    userCanPush,
    userCanMerge: canWrite,
    isRepoAdmin: ctx.access >= Access.Admin,
  });
}

/** GET …/branches: sorted by name, paginated. */
export const listBranches: Step = async (ctx) => {
  const branches = await ctx.core.git.branches(ctx.repo!.dir);
  const names = [...branches.keys()].sort();
  return sendList(ctx, names, (n) => branchJson(ctx, n, branches.get(n)!));
};

/** GET …/branches/{branch}. */
export const getBranch: Step = async (ctx) => {
  const branches = await ctx.core.git.branches(ctx.repo!.dir);
  const c = branches.get(ctx.params.branch!);
  if (!c) {
    apiNotFound(ctx.core, ctx.res);
    return true;
  }
  sendJson(ctx.res, 200, branchJson(ctx, ctx.params.branch!, c));
  return true;
};

function protectionJson(ctx: ApiCtx, rule: Parameters<typeof toBranchProtection>[0]): Record<string, unknown> {
  return toBranchProtection(rule, (lower) => ctx.core.state.user(lower)?.login ?? lower);
}

/** GET …/branch_protections. */
export const listProtections: Step = (ctx) => {
  sendJson(ctx.res, 200, [...ctx.repo!.protections.values()].sort((a, b) => a.id - b.id).map((r) => protectionJson(ctx, r)));
  return true;
};

/** GET …/branch_protections/{name}. */
export const getProtection: Step = (ctx) => {
  const rule = ctx.repo!.protections.get(ctx.params.name!);
  if (!rule) {
    apiNotFound(ctx.core, ctx.res);
    return true;
  }
  sendJson(ctx.res, 200, protectionJson(ctx, rule));
  return true;
};

/** RepoRefForAPI: `?ref=` wins; else a leading branch (longest match) or commit id in the path; else the default branch. */
async function resolveRef(ctx: ApiCtx, path: string): Promise<{ ref: string; refKind: 'branch' | 'commit'; path: string }> {
  const repo = ctx.repo!;
  const explicit = ctx.search.get('ref')?.trim();
  const branches = await ctx.core.git.branches(repo.dir);
  if (explicit) return { ref: explicit, refKind: branches.has(explicit) ? 'branch' : 'commit', path };
  const segs = path.split('/');
  for (let i = segs.length - 1; i >= 1; i--) {
    const candidate = segs.slice(0, i).join('/');
    if (branches.has(candidate)) return { ref: candidate, refKind: 'branch', path: segs.slice(i).join('/') };
  }
  if (segs.length > 1 && /^[0-9a-f]{7,40}$/.test(segs[0]!)) return { ref: segs[0]!, refKind: 'commit', path: segs.slice(1).join('/') };
  return { ref: repo.defaultBranch, refKind: 'branch', path };
}

/** GET …/raw/{filepath}: the blob bytes. */
export const getRaw: Step = async (ctx) => {
  const where = await resolveRef(ctx, ctx.params.filepath!);
  const found = await ctx.core.git.lookup(ctx.repo!.dir, where.ref, where.path);
  if (found.kind !== 'file') {
    apiNotFound(ctx.core, ctx.res);
    return true;
  }
  const body = found.file.content;
  const isText = !body.subarray(0, 8000).includes(0);
  const name = where.path.split('/').pop() ?? 'file';
  ctx.res.writeHead(200, {
    'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/octet-stream',
    'Content-Length': body.length,
    'Content-Disposition': `inline; filename="${name.replace(/["\\]/g, '_')}"`,
    'Cache-Control': 'private, max-age=300',
  });
  ctx.res.end(body);
  return true;
};

/** GET …/contents[/{filepath}]: a file with base64 content, or a directory listing. */
export const getContents: Step = async (ctx) => {
  const repo = ctx.repo!;
  const path = (ctx.params.filepath ?? '').replace(/^\/+|\/+$/g, '');
  const explicit = ctx.search.get('ref')?.trim();
  const ref = explicit || repo.defaultBranch;
  const branches = await ctx.core.git.branches(repo.dir);
  const place: ContentsPlace = { repo, ref, refKind: branches.has(ref) ? 'branch' : 'commit', path };
  const found = await ctx.core.git.lookup(repo.dir, ref, path);
  if (found.kind === 'missing') {
    apiNotFound(ctx.core, ctx.res);
  } else if (found.kind === 'file') {
    sendJson(ctx.res, 200, toFileContents(ctx.core.json, place, found.file));
  } else {
    sendJson(ctx.res, 200, found.entries.map((e) => toDirEntry(ctx.core.json, place, e, found.commitSha)));
  }
  return true;
};

const ACCESS_NAMES = ['none', 'read', 'write', 'admin', 'owner'] as const;

/** GET …/collaborators/{c}/permission (repo.GetRepoPermissions): yourself, repo admins and site admins only. */
export const getCollaboratorPermission: Step = (ctx) => {
  const doer = ctx.doer!;
  const name = ctx.params.collaborator!;
  if (!doer.isAdmin && doer.login.toLowerCase() !== name.toLowerCase() && ctx.access < Access.Admin) {
    apiError(
      ctx.core,
      ctx.res,
      403,
      'Only admins can query all permissions, repo admins can query all repo permissions, collaborators can query only their own',
    );
    return true;
  }
  const user = ctx.core.state.user(name);
  if (!user) {
    apiError(ctx.core, ctx.res, 404, `user does not exist [uid: 0, name: ${name}]`);
    return true;
  }
  const mode = ACCESS_NAMES[ctx.core.state.access(ctx.repo!, user)];
  const authed = doer.isAdmin || doer === user;
  sendJson(ctx.res, 200, { permission: mode, role_name: mode, user: toUser(ctx.core.json, user, true, authed) });
  return true;
};

/** PATCH /repos/{o}/{r} (repo.Edit): `private` and `default_branch` are applied; other EditRepoOption fields are ignored. */
export const editRepo: Step = async (ctx) => {
  const body = await readJson(ctx);
  if (!body) return true;
  const repo = ctx.repo!;
  if (typeof body.private === 'boolean') repo.private = body.private;
  if (typeof body.default_branch === 'string') {
    // Gitea only switches to a branch that exists; anything else is silently kept.
    const branches = await ctx.core.git.branches(repo.dir);
    if (branches.has(body.default_branch)) repo.defaultBranch = body.default_branch;
  }
  repo.updated = new Date();
  sendJson(ctx.res, 200, toRepo(ctx.core.json, repo, ctx.access));
  return true;
};
