// Gitea's route middlewares (routers/api/v1/api.go): role guards and resource assignment, each answering
// with Gitea's status and message when it refuses.

import type { ApiCtx, Step } from './api-context.js';
import { apiError, apiNotFound } from './core.js';
import { TEXT } from './messages.js';
import { Access } from './state.js';

/** A guard that answers `status` with `message` unless `allowed(ctx)`. */
function guard(status: number, message: string, allowed: (ctx: ApiCtx) => boolean): Step {
  return (ctx) => {
    if (allowed(ctx)) return false;
    apiError(ctx.core, ctx.res, status, message);
    return true;
  };
}

/** `reqToken()`: 401 `token is required` for anonymous callers. */
export const reqToken = guard(401, TEXT.tokenRequired, (ctx) => ctx.doer !== null);

/** `reqSiteAdmin()`: 403 unless the doer is a site admin. */
export const reqSiteAdmin = guard(403, TEXT.reqSiteAdmin, (ctx) => ctx.doer?.isAdmin === true);

/** `reqSelfOrAdmin()`: the path user must be the doer, or the doer a site admin. */
export const reqSelfOrAdmin = guard(
  403,
  TEXT.reqSelfOrAdmin,
  (ctx) => ctx.doer !== null && (ctx.doer.isAdmin || ctx.doer === ctx.contextUser),
);

/** Token routes: a token in the header or query (not Basic) → 401 `auth required` (§4). */
export const reqBasicAuth = guard(401, TEXT.authRequired, (ctx) => ctx.isBasic);

/** `reqOwner()`: Owner-level access (personal owner, org Owners team, site admin); repo admins are refused. */
export const reqOwner = guard(403, TEXT.reqOwner, (ctx) => ctx.access >= Access.Owner);

/** `reqAdmin()`: repo admin or better, even for GET routes that use it. */
export const reqAdmin = guard(403, TEXT.reqAdmin, (ctx) => ctx.access >= Access.Admin);

/** `reqRepoReader(code)`: read access to the code unit. */
export const reqRepoReader = guard(403, TEXT.reqRepoReader, (ctx) => ctx.access >= Access.Read);

/** `reqAnyRepoReader()`: any read access to the repository. */
export const reqAnyRepoReader = guard(403, TEXT.reqAnyRepoReader, (ctx) => ctx.access >= Access.Read);

/** `reqOrgOwnership()`: org Owners team or site admin, else 403 `Must be an organization owner`. */
export const reqOrgOwner = guard(
  403,
  TEXT.reqOrgOwner,
  (ctx) => ctx.doer?.isAdmin === true || ctx.core.state.isOrgOwner(ctx.contextUser!, ctx.doer),
);

/** repoAssignment + checkTokenPublicOnly: 404 for a missing or invisible repo, 403 for public-only on private. */
export function assignRepoWith(publicOnlyMessage: string): Step {
  return (ctx) => {
    const { state } = ctx.core;
    const owner = state.user(ctx.params.owner!);
    const repo = owner ? state.repo(owner.login, ctx.params.repo!) : undefined;
    if (!repo) {
      apiNotFound(ctx.core, ctx.res);
      return true;
    }
    ctx.repo = repo;
    ctx.contextUser = repo.owner;
    ctx.access = state.access(repo, ctx.doer);
    if (ctx.access === Access.None) {
      apiNotFound(ctx.core, ctx.res);
      return true;
    }
    if (ctx.publicOnly && repo.private) {
      apiError(ctx.core, ctx.res, 403, publicOnlyMessage);
      return true;
    }
    return false;
  };
}

/** repoAssignment for routes whose scope category is repository. */
export const assignRepo = assignRepoWith(TEXT.publicOnlyRepo);

/** context.UserAssignmentAPI on `{username}` / `{owner}`. */
export function assignUser(param: string): Step {
  return (ctx) => {
    const u = ctx.core.state.user(ctx.params[param]!);
    if (!u) {
      apiNotFound(ctx.core, ctx.res);
      return true;
    }
    ctx.contextUser = u;
    return false;
  };
}

/** orgAssignment: only organizations resolve. */
export const assignOrg: Step = (ctx) => {
  const o = ctx.core.state.user(ctx.params.org!);
  if (!o || !o.isOrg) {
    apiNotFound(ctx.core, ctx.res);
    return true;
  }
  ctx.contextUser = o;
  return false;
};

