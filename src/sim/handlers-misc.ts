// Handlers for the remaining scope categories (organization, notification, issue, package, admin) and misc.

import { toOrg, toUser } from './api-json.js';
import { readJson, sendList, type Step } from './api-context.js';
import { apiNotFound, sendJson } from './core.js';

/** An empty, paginated list: the simulator keeps no notifications, issues or packages. */
export const emptyList: Step = (ctx) => sendList(ctx, [], (x) => x);

/** GET /orgs/{org}. */
export const getOrg: Step = (ctx) => {
  sendJson(ctx.res, 200, toOrg(ctx.core.json, ctx.contextUser!));
  return true;
};

/** GET /admin/users: every user, with private fields (the caller is an admin). */
export const listAdminUsers: Step = (ctx) => {
  const users = [...ctx.core.state.users.values()].filter((u) => !u.isOrg).sort((a, b) => a.id - b.id);
  return sendList(ctx, users, (u) => toUser(ctx.core.json, u, true, true));
};

/** GET /version: the simulated release (Forgejo adds its Gitea compatibility suffix). */
export const getVersion: Step = (ctx) => {
  const d = ctx.core.dialect;
  sendJson(ctx.res, 200, { version: d.flavor === 'gitea' ? d.version : `${d.version}+gitea-1.22.0` });
  return true;
};

/** PATCH /orgs/{org} (org.Edit): `full_name` is applied; other EditOrgOption fields are ignored. */
export const editOrg: Step = async (ctx) => {
  const body = await readJson(ctx);
  if (!body) return true;
  const org = ctx.contextUser!;
  if (typeof body.full_name === 'string') org.fullName = body.full_name;
  sendJson(ctx.res, 200, toOrg(ctx.core.json, org));
  return true;
};

/** Issues, packages and notification threads are never created in the simulator, so every lookup misses (404). */
export const lookupMisses: Step = (ctx) => {
  apiNotFound(ctx.core, ctx.res);
  return true;
};
