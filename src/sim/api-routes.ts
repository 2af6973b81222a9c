// The /api/v1 routes the simulator serves, each with Gitea's middleware chain in Gitea's order
// (routers/api/v1/api.go): token scope check first, then resource assignment, public-only, guards, handler.

import type { ApiCtx, ApiRoute } from './api-context.js';
import {
  assignOrg,
  assignRepo,
  assignRepoWith,
  assignUser,
  reqAdmin,
  reqAnyRepoReader,
  reqBasicAuth,
  reqOrgOwner,
  reqOwner,
  reqRepoReader,
  reqSelfOrAdmin,
  reqSiteAdmin,
  reqToken,
} from './api-guards.js';
import { apiError } from './core.js';
import { editOrg, emptyList, getOrg, getVersion, listAdminUsers, lookupMisses } from './handlers-misc.js';
import {
  editRepo,
  getBranch,
  getCollaboratorPermission,
  getContents,
  getRaw,
  getRepo,
  getProtection,
  listBranches,
  listProtections,
} from './handlers-repos.js';
import { deleteSecret, listSecrets, putSecret } from './handlers-secrets.js';
import { createToken, deleteToken, getSelf, getUserInfo, listTokens } from './handlers-users.js';
import { scopeDeniedText, TEXT } from './messages.js';
import { hasScopes, levelForMethod, requiredScopes, type ScopeCategory } from './scopes.js';

export type { ApiCtx, ApiRoute } from './api-context.js';

/** Every API route the simulator serves (swagger-conformance.test.ts checks each exists in Gitea's swagger). */
export const API_ROUTES: ApiRoute[] = [
  { method: 'GET', path: '/version', scopes: [], steps: [getVersion] },
  { method: 'GET', path: '/user', scopes: ['user'], steps: [reqToken, getSelf] },
  { method: 'PUT', path: '/user/actions/secrets/{secretname}', scopes: ['user'], steps: [reqToken, putSecret('user')] },
  { method: 'DELETE', path: '/user/actions/secrets/{secretname}', scopes: ['user'], steps: [reqToken, deleteSecret('user')] },
  { method: 'GET', path: '/users/{username}/tokens', scopes: ['user'], steps: [assignUser('username'), reqSelfOrAdmin, reqBasicAuth, listTokens] },
  { method: 'POST', path: '/users/{username}/tokens', scopes: ['user'], steps: [assignUser('username'), reqSelfOrAdmin, reqBasicAuth, reqToken, createToken] },
  { method: 'DELETE', path: '/users/{username}/tokens/{token}', scopes: ['user'], steps: [assignUser('username'), reqSelfOrAdmin, reqBasicAuth, reqToken, deleteToken] },
  { method: 'GET', path: '/users/{username}', scopes: ['user'], steps: [assignUser('username'), getUserInfo] },
  { method: 'GET', path: '/repos/issues/search', scopes: ['issue'], steps: [emptyList] },
  { method: 'GET', path: '/repos/{owner}/{repo}', scopes: ['repository'], steps: [assignRepo, reqAnyRepoReader, getRepo] },
  { method: 'GET', path: '/repos/{owner}/{repo}/branches', scopes: ['repository'], steps: [assignRepo, reqRepoReader, listBranches] },
  { method: 'GET', path: '/repos/{owner}/{repo}/branches/{branch}', scopes: ['repository'], steps: [assignRepo, reqRepoReader, getBranch] },
  { method: 'GET', path: '/repos/{owner}/{repo}/branch_protections', scopes: ['repository'], steps: [assignRepo, reqToken, reqAdmin, listProtections] },
  { method: 'GET', path: '/repos/{owner}/{repo}/branch_protections/{name}', scopes: ['repository'], steps: [assignRepo, reqToken, reqAdmin, getProtection] },
  { method: 'GET', path: '/repos/{owner}/{repo}/collaborators/{collaborator}/permission', scopes: ['repository'], steps: [assignRepo, reqToken, getCollaboratorPermission] },
  { method: 'GET', path: '/repos/{owner}/{repo}/raw/{filepath}', scopes: ['repository'], steps: [assignRepo, reqRepoReader, getRaw] },
  { method: 'GET', path: '/repos/{owner}/{repo}/contents', scopes: ['repository'], steps: [assignRepo, reqRepoReader, getContents] },
  { method: 'GET', path: '/repos/{owner}/{repo}/contents/{filepath}', scopes: ['repository'], steps: [assignRepo, reqRepoReader, getContents] },
  { method: 'GET', path: '/repos/{owner}/{repo}/actions/secrets', scopes: ['repository'], steps: [assignRepo, reqToken, reqOwner, listSecrets('repo')] },
  { method: 'PUT', path: '/repos/{owner}/{repo}/actions/secrets/{secretname}', scopes: ['repository'], steps: [assignRepo, reqToken, reqOwner, putSecret('repo')] },
  { method: 'DELETE', path: '/repos/{owner}/{repo}/actions/secrets/{secretname}', scopes: ['repository'], steps: [assignRepo, reqToken, reqOwner, deleteSecret('repo')] },
  { method: 'PATCH', path: '/repos/{owner}/{repo}', scopes: ['repository'], steps: [assignRepo, reqToken, reqAdmin, editRepo] },
  // Separate /repos groups in api.go: these need only the notification or issue scope, not repository.
  { method: 'GET', path: '/repos/{owner}/{repo}/notifications', scopes: ['notification'], steps: [assignRepo, reqToken, emptyList] },
  { method: 'GET', path: '/repos/{owner}/{repo}/issues/{index}', scopes: ['issue'], steps: [assignRepoWith(TEXT.publicOnlyIssue), reqRepoReader, lookupMisses] },
  { method: 'PATCH', path: '/repos/{owner}/{repo}/issues/{index}', scopes: ['issue'], steps: [assignRepoWith(TEXT.publicOnlyIssue), reqRepoReader, reqToken, lookupMisses] },
  { method: 'GET', path: '/orgs/{org}', scopes: ['organization'], steps: [assignOrg, getOrg] },
  { method: 'PATCH', path: '/orgs/{org}', scopes: ['organization'], steps: [assignOrg, reqToken, reqOrgOwner, editOrg] },
  { method: 'GET', path: '/orgs/{org}/actions/secrets', scopes: ['organization'], steps: [assignOrg, reqToken, reqOrgOwner, listSecrets('org')] },
  { method: 'PUT', path: '/orgs/{org}/actions/secrets/{secretname}', scopes: ['organization'], steps: [assignOrg, reqToken, reqOrgOwner, putSecret('org')] },
  { method: 'DELETE', path: '/orgs/{org}/actions/secrets/{secretname}', scopes: ['organization'], steps: [assignOrg, reqToken, reqOrgOwner, deleteSecret('org')] },
  { method: 'GET', path: '/notifications', scopes: ['notification'], steps: [reqToken, emptyList] },
  { method: 'GET', path: '/notifications/threads/{id}', scopes: ['notification'], steps: [reqToken, lookupMisses] },
  { method: 'PATCH', path: '/notifications/threads/{id}', scopes: ['notification'], steps: [reqToken, lookupMisses] },
  { method: 'GET', path: '/packages/{owner}', scopes: ['package'], steps: [assignUser('owner'), reqToken, emptyList] },
  { method: 'GET', path: '/packages/{owner}/{type}/{name}/{version}', scopes: ['package'], steps: [assignUser('owner'), lookupMisses] },
  { method: 'DELETE', path: '/packages/{owner}/{type}/{name}/{version}', scopes: ['package'], steps: [assignUser('owner'), lookupMisses] },
  { method: 'GET', path: '/admin/users', scopes: ['admin'], steps: [reqToken, reqSiteAdmin, listAdminUsers] },
];

// ---------- matching ----------

/** Path parameters that may contain slashes (Gitea mounts them as `/*`). */
const GREEDY = new Set(['filepath', 'branch']);

interface Compiled {
  route: ApiRoute;
  re: RegExp;
  names: string[];
}

function compile(route: ApiRoute): Compiled {
  const names: string[] = [];
  const src = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return GREEDY.has(name) ? '(.+)' : '([^/]+)';
  });
  return { route, re: new RegExp(`^${src}/?$`), names };
}

const COMPILED = API_ROUTES.map(compile);

/** Finds the route for a method and a path below /api/v1 (HEAD matches GET routes). */
export function matchRoute(method: string, path: string): { route: ApiRoute; params: Record<string, string> } | null {
  for (const c of COMPILED) {
    if (c.route.method !== method && !(method === 'HEAD' && c.route.method === 'GET')) continue;
    const m = c.re.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    c.names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1]!);
    });
    return { route: c.route, params };
  }
  return null;
}

/** tokenRequiresScopes: only PAT auth is scope-checked; runs before any lookup, so a missing repo still gets 403. */
function checkScopes(ctx: ApiCtx, categories: ScopeCategory[]): boolean {
  if (categories.length === 0 || !ctx.token) return false;
  const level = levelForMethod(ctx.method);
  if (!hasScopes(ctx.token.scopeSet, level, categories)) {
    apiError(ctx.core, ctx.res, 403, scopeDeniedText(ctx.core.dialect, requiredScopes(level, categories), ctx.token.scope));
    return true;
  }
  ctx.publicOnly = ctx.token.scopeSet.publicOnly;
  return false;
}

/** Runs a matched route's chain. */
export async function runRoute(ctx: ApiCtx, route: ApiRoute): Promise<void> {
  if (checkScopes(ctx, route.scopes)) return;
  for (const step of route.steps) {
    if (await step(ctx)) return;
  }
  // A chain always ends in a handler; reaching here is a simulator bug worth a loud 500.
  apiError(ctx.core, ctx.res, 500, 'forge simulator: route chain did not answer');
}
