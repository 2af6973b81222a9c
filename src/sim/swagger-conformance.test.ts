import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CORPUS, FULL_SWAGGER } from '../testing/shared.js';
import { API_ROUTES } from './api-routes.js';
import { basicHeader } from './git-cli.js';
import { startForgeSim, type ForgeSim } from './index.js';

// The simulator against Gitea's own OpenAPI description: every served route exists there, and the main
// responses carry exactly the swagger definition's fields, apart from the commented allowlists below.

interface Swagger {
  paths: Record<string, Record<string, unknown>>;
  definitions: Record<string, { properties?: Record<string, { $ref?: string; type?: string; items?: { $ref?: string } }> }>;
}
// The trimmed copy committed beside this test (fixtures/README.md: source, licence, how it is made).
const swagger = JSON.parse(readFileSync(new URL('./fixtures/gitea-swagger.trimmed.json', import.meta.url), 'utf8')) as Swagger;

/** Fields Gitea sends that its swagger does not declare. */
const EXTRA_FIELDS: Record<string, string[]> = {
  // api.User.MarshalJSON adds `username` as a compatibility duplicate of `login` (modules/structs/user.go).
  User: ['username'],
};

/** Declared fields the simulator leaves out, each `omitempty` in Gitea and empty in the states the simulator models. */
const OMITTED_FIELDS: Record<string, string[]> = {
  // parent: only forks; external_tracker/external_wiki: only when an external unit replaces issues/wiki;
  // repo_transfer: only during a pending transfer.
  Repository: ['parent', 'external_tracker', 'external_wiki', 'repo_transfer'],
  // lfs_oid/lfs_size: only for LFS pointer files, which the simulator does not store.
  ContentsResponse: ['lfs_oid', 'lfs_size'],
};

function checkFields(def: string, value: unknown, seen: string[]): void {
  const schema = swagger.definitions[def];
  expect(schema, `definition ${def}`).toBeDefined();
  const props = schema!.properties ?? {};
  expect(value && typeof value === 'object' && !Array.isArray(value), `${def} is an object`).toBe(true);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  const unknown = keys.filter((k) => !(k in props) && !(EXTRA_FIELDS[def] ?? []).includes(k));
  expect(unknown, `${def}: fields not in swagger`).toEqual([]);
  const missing = Object.keys(props).filter((k) => !(k in obj) && !(OMITTED_FIELDS[def] ?? []).includes(k));
  expect(missing, `${def}: swagger fields not returned`).toEqual([]);
  seen.push(def);
  // Recurse into nested definitions that are present and non-null.
  for (const [k, p] of Object.entries(props)) {
    const ref = p.$ref ?? (p.type === 'array' ? p.items?.$ref : undefined);
    const v = obj[k];
    if (!ref || v === null || v === undefined) continue;
    const nested = ref.replace('#/definitions/', '');
    for (const item of Array.isArray(v) ? v : [v]) checkFields(nested, item, seen);
  }
}

// With Gitea's full swagger beside the clone, the committed trim must be exactly what the script makes of it.
// Without it: registered here only when the corpus is present (otherwise corpus.test.ts's one skip says so).
if (FULL_SWAGGER.available) {
  test('the trimmed fixture is what scripts/trim-swagger.mjs makes of the full swagger', () => {
    const r = spawnSync(process.execPath, [fileURLToPath(new URL('../../scripts/trim-swagger.mjs', import.meta.url)), '--check', FULL_SWAGGER.path], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
} else if (CORPUS.available) {
  test.skip(`the trimmed fixture's freshness: ${FULL_SWAGGER.reason}`, () => {});
}

test('every served route exists in the swagger (path template + method)', () => {
  for (const r of API_ROUTES) {
    expect(swagger.paths[r.path], r.path).toBeDefined();
    expect(swagger.paths[r.path]![r.method.toLowerCase()], `${r.method} ${r.path}`).toBeDefined();
  }
});

describe('response fields match the swagger definitions', () => {
  let s: ForgeSim;
  let auth: string;
  const pw = basicHeader('bot', 'bot-pw');
  beforeAll(async () => {
    s = await startForgeSim();
    s.addUser({ login: 'bot', password: 'bot-pw' });
    s.addOrg('acme', { owners: ['bot'] });
    s.addRepo({ owner: 'acme', name: 'core', files: { 'a.txt': 'x\n', 'dir/b.txt': 'y\n' } });
    s.protectBranch('acme/core', 'main', { pushWhitelist: ['bot'] });
    auth = `token ${s.addToken('bot', { scopes: ['all'] })}`;
    await fetch(`${s.url}/api/v1/repos/acme/core/actions/secrets/S1`, {
      method: 'PUT',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: 'v' }),
    });
  });
  afterAll(() => s.stop());

  const json = async (path: string, authorization = auth) => {
    const r = await fetch(`${s.url}/api/v1${path}`, { headers: { Authorization: authorization } });
    expect(r.status, path).toBe(200);
    return r.json();
  };

  test.each([
    ['User', '/user'],
    ['User', '/users/bot'],
    ['Repository', '/repos/acme/core'],
    ['Branch', '/repos/acme/core/branches/main'],
    ['ContentsResponse', '/repos/acme/core/contents/a.txt'],
    ['Organization', '/orgs/acme'],
    ['RepoCollaboratorPermission', '/repos/acme/core/collaborators/bot/permission'],
  ])('%s from %s', async (def, path) => {
    const seen: string[] = [];
    checkFields(def, await json(path), seen);
    expect(seen.length).toBeGreaterThan(0);
  });

  test.each([
    ['Branch', '/repos/acme/core/branches'],
    ['BranchProtection', '/repos/acme/core/branch_protections'],
    ['ContentsResponse', '/repos/acme/core/contents'],
    ['Secret', '/repos/acme/core/actions/secrets'],
  ])('%s list from %s', async (def, path) => {
    const list = (await json(path)) as unknown[];
    expect(list.length).toBeGreaterThan(0);
    for (const item of list) checkFields(def, item, []);
  });

  test('AccessToken from create and list', async () => {
    const r = await fetch(`${s.url}/api/v1/users/bot/tokens`, {
      method: 'POST',
      headers: { Authorization: pw, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'conf', scopes: ['read:user'] }),
    });
    checkFields('AccessToken', await r.json(), []);
    for (const item of (await json('/users/bot/tokens', pw)) as unknown[]) checkFields('AccessToken', item, []);
  });

  test('nested definitions are checked too', async () => {
    const seen: string[] = [];
    checkFields('Repository', await json('/repos/acme/core'), seen);
    checkFields('Branch', await json('/repos/acme/core/branches/main'), seen);
    checkFields('ContentsResponse', await json('/repos/acme/core/contents/a.txt'), seen);
    expect(new Set(seen)).toEqual(
      new Set(['Repository', 'User', 'Permission', 'InternalTracker', 'Branch', 'PayloadCommit', 'PayloadUser', 'PayloadCommitVerification', 'ContentsResponse', 'FileLinksResponse']),
    );
  });
});
