// Handlers for Actions secrets at repo, org and user level (routers/api/v1/repo/action.go; reference §7).

import { toSecret } from './api-json.js';
import { readJson, sendList, type ApiCtx, type Step } from './api-context.js';
import { apiError, sendStatus } from './core.js';
import type { SecretRec } from './state.js';

const SECRET_NAME = /^[A-Z_][A-Z0-9_]*$/i;
const MAX_SECRET_DATA = 65536;

function secretStore(ctx: ApiCtx, level: 'repo' | 'org' | 'user'): Map<string, SecretRec> {
  if (level === 'repo') return ctx.repo!.secrets;
  if (level === 'org') return ctx.contextUser!.secrets;
  return ctx.doer!.secrets;
}

/** services/secrets/validation.go: pattern, no GITEA_/GITHUB_ prefix, not `CI`; stored uppercased. */
function validSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  return SECRET_NAME.test(name) && !upper.startsWith('GITEA_') && !upper.startsWith('GITHUB_') && upper !== 'CI';
}

/** PUT …/actions/secrets/{name}: upsert, 201 created or 204 updated. */
export function putSecret(level: 'repo' | 'org' | 'user'): Step {
  return async (ctx) => {
    const body = await readJson(ctx);
    if (!body) return true;
    const data = typeof body.data === 'string' ? body.data : '';
    if (data === '') {
      apiError(ctx.core, ctx.res, 422, '[Data]: Required');
      return true;
    }
    const name = ctx.params.secretname!;
    if (!validSecretName(name)) {
      apiError(ctx.core, ctx.res, 400, 'invalid variable or secret name');
      return true;
    }
    if (Buffer.byteLength(data) > MAX_SECRET_DATA) {
      apiError(ctx.core, ctx.res, 400, 'data too long');
      return true;
    }
    const description = typeof body.description === 'string' ? body.description.slice(0, 4096) : '';
    const store = secretStore(ctx, level);
    const upper = name.toUpperCase();
    const existing = store.get(upper);
    if (existing) {
      existing.data = data;
      existing.description = description;
      sendStatus(ctx.res, 204);
    } else {
      store.set(upper, { name: upper, data, description, createdAt: new Date() });
      sendStatus(ctx.res, 201);
    }
    return true;
  };
}

/** DELETE …/actions/secrets/{name}: 204, or 404 for an unknown secret. */
export function deleteSecret(level: 'repo' | 'org' | 'user'): Step {
  return (ctx) => {
    const store = secretStore(ctx, level);
    const name = ctx.params.secretname!;
    if (!validSecretName(name)) {
      apiError(ctx.core, ctx.res, 400, 'invalid variable or secret name');
      return true;
    }
    if (!store.delete(name.toUpperCase())) {
      apiError(ctx.core, ctx.res, 404, 'secret was not found [name: ]');
      return true;
    }
    sendStatus(ctx.res, 204);
    return true;
  };
}

/** GET …/actions/secrets: names, descriptions and dates, never values. */
export function listSecrets(level: 'repo' | 'org'): Step {
  return (ctx) => {
    const all = [...secretStore(ctx, level).values()].sort((a, b) => a.name.localeCompare(b.name));
    return sendList(ctx, all, toSecret);
  };
}
