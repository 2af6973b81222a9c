import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GITHUB_ROUTES, startGitHubSim, type GitHubSim } from './index.js';

// The GitHub mode against GitHub's own OpenAPI description (@octokit/openapi, trimmed to the served
// operations by scripts/trim-github-openapi.mjs): every served route exists there, and each response
// carries every required field of its schema and no field the schema does not declare.

interface Schema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  additionalProperties?: boolean | Schema;
  discriminator?: { propertyName: string; mapping: Record<string, string> };
}
interface Fixture {
  source: string;
  operations: Array<{ method: string; path: string; operationId: string; schema: Schema | null }>;
  schemas: Record<string, Schema>;
}
const fixture = JSON.parse(readFileSync(new URL('./openapi-fixture.json', import.meta.url), 'utf8')) as Fixture;

function resolve(s: Schema): Schema {
  return s.$ref ? resolve(fixture.schemas[s.$ref.replace('#/components/schemas/', '')]!) : s;
}

/** Merges allOf parts into one object schema. */
function flatten(s: Schema): Schema {
  const r = resolve(s);
  if (!r.allOf) return r;
  const parts = r.allOf.map(flatten);
  return { type: 'object', properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})), required: parts.flatMap((p) => p.required ?? []) };
}

function check(schema: Schema, value: unknown, at: string, seen: Set<string>): void {
  if (value === null) return;
  let s = resolve(schema);
  if (schema.$ref) seen.add(schema.$ref.replace('#/components/schemas/', ''));
  if (s.oneOf || s.anyOf) {
    const options = (s.oneOf ?? s.anyOf)!;
    const d = s.discriminator;
    const v = value as Record<string, unknown>;
    const pick = d && typeof v[d.propertyName] === 'string' ? d.mapping[v[d.propertyName] as string] : undefined;
    const chosen = pick ? { $ref: pick } : options.find((o) => resolve(o).type === (Array.isArray(value) ? 'array' : typeof value)) ?? options[0]!;
    return check(chosen, value, at, seen);
  }
  s = flatten(s);
  if (Array.isArray(value)) {
    if (s.items) value.forEach((item, i) => check(s.items!, item, `${at}[${i}]`, seen));
    return;
  }
  if (typeof value !== 'object' || !s.properties) return;
  const obj = value as Record<string, unknown>;
  const missing = (s.required ?? []).filter((k) => !(k in obj));
  expect(missing, `${at}: required fields missing`).toEqual([]);
  if (s.additionalProperties === undefined || s.additionalProperties === false) {
    const unknown = Object.keys(obj).filter((k) => !(k in s.properties!));
    expect(unknown, `${at}: fields the schema does not declare`).toEqual([]);
  }
  for (const [k, p] of Object.entries(s.properties)) if (k in obj) check(p, obj[k], `${at}.${k}`, seen);
}

const operation = (path: string) => fixture.operations.find((o) => o.path === path && o.method === 'get')!;

test('every served route is an operation of GitHub\'s OpenAPI description', () => {
  for (const [method, path] of GITHUB_ROUTES) {
    expect(fixture.operations.some((o) => o.method === method && o.path === path), `${method} ${path}`).toBe(true);
  }
});

test('the fixture is what the trim script makes from the installed description (skipped without @octokit/openapi)', (ctx) => {
  let specFile: string;
  try {
    specFile = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
  } catch {
    ctx.skip();
    return;
  }
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as { paths: Record<string, Record<string, { operationId: string }>> };
  for (const op of fixture.operations) expect(spec.paths[op.path]?.[op.method]?.operationId, op.path).toBe(op.operationId);
});

describe('responses match their schemas', () => {
  let s: GitHubSim;
  const tok: Record<string, string> = {};
  beforeAll(async () => {
    s = await startGitHubSim();
    s.addUser('admin-bot');
    s.addOrg('acme', { owners: ['admin-bot'] });
    s.addRepo({ owner: 'acme', name: 'core', private: true, files: { 'a.txt': 'x\n' } });
    s.protectBranch('acme/core', 'main', { restrictUsers: ['admin-bot'], requireReviews: true });
    tok.admin = s.addClassicToken('admin-bot', { scopes: ['repo'] });
    tok.app = s.addInstallationToken({ appSlug: 'deployer', permissions: { contents: 'read' }, repositories: 'all' });
  });
  afterAll(() => s.stop());

  test.each([
    ['/user', '/user', 'admin'],
    ['/users/{username}', '/users/admin-bot', 'admin'],
    ['/repos/{owner}/{repo}', '/repos/acme/core', 'admin'],
    ['/repos/{owner}/{repo}/branches/{branch}', '/repos/acme/core/branches/main', 'admin'],
    ['/repos/{owner}/{repo}/branches/{branch}/protection', '/repos/acme/core/branches/main/protection', 'admin'],
    ['/repos/{owner}/{repo}/contents/{path}', '/repos/acme/core/contents/a.txt', 'admin'],
    ['/installation/repositories', '/installation/repositories', 'app'],
    ['/rate_limit', '/rate_limit', 'admin'],
  ])('%s', async (template, path, who) => {
    const r = await fetch(`${s.apiUrl}${path}`, { headers: { Authorization: `token ${tok[who]}` } });
    expect(r.status).toBe(200);
    const seen = new Set<string>();
    check(operation(template).schema!, await r.json(), template, seen);
    expect(seen.size).toBeGreaterThan(0);
  });
});
