import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startForgeSim, type ForgeSim } from './index.js';

// reference §1.3, §6: repository visibility and permissions, branches and CanUserPush, raw and contents.

let s: ForgeSim;
const tok: Record<string, string> = {};
beforeAll(async () => {
  s = await startForgeSim();
  for (const login of ['owner', 'reader', 'writer', 'repoadmin', 'listed', 'stranger']) s.addUser({ login });
  s.addUser({ login: 'root', isAdmin: true });
  s.addRepo({
    owner: 'owner',
    name: 'core',
    branches: ['staging', 'release/v1'],
    files: { 'README.md': '# core\n', 'config/providers.yaml': 'a: 1\n' },
  });
  s.addRepo({ owner: 'owner', name: 'hidden', private: true });
  s.setCollaborator('owner/core', 'reader', 'read');
  s.setCollaborator('owner/core', 'writer', 'write');
  s.setCollaborator('owner/core', 'repoadmin', 'admin');
  s.setCollaborator('owner/core', 'listed', 'write');
  s.setCollaborator('owner/hidden', 'reader', 'read');
  s.protectBranch('owner/core', 'main', { enablePush: false });
  s.protectBranch('owner/core', 'staging', { pushWhitelist: ['listed'] });
  for (const login of ['owner', 'reader', 'writer', 'repoadmin', 'listed', 'stranger', 'root']) {
    tok[login] = s.addToken(login, { scopes: ['read:repository'] });
  }
});
afterAll(() => s.stop());

async function get(path: string, login?: string): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = login ? { Authorization: `token ${tok[login]}` } : {};
  const r = await fetch(`${s.url}/api/v1${path}`, { headers });
  const text = await r.text();
  return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

describe('GET /repos/{o}/{r}', () => {
  test('anonymous on a public repo → 200 with pull-only permissions', async () => {
    const r = await get('/repos/owner/core');
    expect(r.status).toBe(200);
    expect(r.body.permissions).toEqual({ admin: false, push: false, pull: true });
    expect(r.body.full_name).toBe('owner/core');
    expect(r.body.clone_url).toBe(`${s.url}/owner/core.git`);
    // ToUserWithAccessMode: any access mode counts as "signed", so the owner's email shows (KeepEmailPrivate off).
    expect(r.body.owner.email).toBe('owner@example.com');
  });

  test('private repo: 404 for anonymous and strangers, same body as a missing repo', async () => {
    const body = { message: 'not found', url: `${s.url}/api/swagger`, errors: null };
    expect(await get('/repos/owner/hidden')).toEqual({ status: 404, body });
    expect(await get('/repos/owner/hidden', 'stranger')).toEqual({ status: 404, body });
    expect(await get('/repos/owner/nope', 'owner')).toEqual({ status: 404, body });
    expect(await get('/repos/nobody/core')).toEqual({ status: 404, body });
    expect((await get('/repos/owner/hidden', 'reader')).body.permissions).toEqual({ admin: false, push: false, pull: true });
  });

  test('permissions reflect the role, not the read-only token scope', async () => {
    const perms = async (login: string) => (await get('/repos/owner/core', login)).body.permissions;
    expect(await perms('owner')).toEqual({ admin: true, push: true, pull: true });
    expect(await perms('repoadmin')).toEqual({ admin: true, push: true, pull: true });
    expect(await perms('writer')).toEqual({ admin: false, push: true, pull: true });
    expect(await perms('reader')).toEqual({ admin: false, push: false, pull: true });
    expect(await perms('stranger')).toEqual({ admin: false, push: false, pull: true });
    expect(await perms('root')).toEqual({ admin: true, push: true, pull: true });
  });
});

describe('branches', () => {
  const flags = async (branch: string, login?: string) => {
    const r = await get(`/repos/owner/core/branches/${branch}`, login);
    expect(r.status).toBe(200);
    return [r.body.protected, r.body.user_can_push, r.body.user_can_merge];
  };

  test('unprotected branch: push = code write; anonymous false', async () => {
    expect(await flags('release/v1', 'writer')).toEqual([false, true, true]);
    expect(await flags('release/v1', 'reader')).toEqual([false, false, false]);
    expect(await flags('release/v1')).toEqual([false, false, false]);
  });

  test('push disabled: nobody, admins included', async () => {
    expect(await flags('main', 'owner')).toEqual([true, false, true]);
    expect(await flags('main', 'root')).toEqual([true, false, true]);
    expect(await flags('main', 'writer')).toEqual([true, false, true]);
  });

  test('push whitelist: only listed users, admins get no bypass', async () => {
    expect(await flags('staging', 'listed')).toEqual([true, true, true]);
    expect(await flags('staging', 'writer')).toEqual([true, false, true]);
    expect(await flags('staging', 'owner')).toEqual([true, false, true]);
  });

  test('branch JSON carries the commit and admin-only protection name', async () => {
    const admin = (await get('/repos/owner/core/branches/staging', 'owner')).body;
    expect(admin.effective_branch_protection_name).toBe('staging');
    expect(admin.commit.id).toMatch(/^[0-9a-f]{40}$/);
    expect(admin.status_check_contexts).toEqual([]);
    expect((await get('/repos/owner/core/branches/staging', 'writer')).body.effective_branch_protection_name).toBe('');
    expect((await get('/repos/owner/core/branches/nope', 'writer')).status).toBe(404);
  });

  test('list is paginated with X-Total-Count', async () => {
    const r = await fetch(`${s.url}/api/v1/repos/owner/core/branches?limit=2`);
    expect(r.headers.get('x-total-count')).toBe('3');
    expect(((await r.json()) as { name: string }[]).map((b) => b.name)).toEqual(['main', 'release/v1']);
    expect(r.headers.get('link')).toContain('rel="next"');
  });

  test('branch_protections needs a token and repo admin, even for GET', async () => {
    expect((await get('/repos/owner/core/branch_protections')).body.message).toBe('token is required');
    const w = await get('/repos/owner/core/branch_protections', 'writer');
    expect(w.status).toBe(403);
    expect(w.body.message).toBe('user should be an owner or a collaborator with admin write of a repository');
    const a = await get('/repos/owner/core/branch_protections', 'repoadmin');
    expect(a.status).toBe(200);
    expect(a.body.map((p: any) => [p.rule_name, p.enable_push, p.enable_push_whitelist, p.push_whitelist_usernames])).toEqual([
      ['main', false, false, []],
      ['staging', true, true, ['listed']],
    ]);
    expect((await get('/repos/owner/core/branch_protections/staging', 'repoadmin')).body.branch_name).toBe('staging');
  });
});

describe('raw and contents', () => {
  test('raw: anonymous on public, ?ref=, legacy /raw/{ref}/{path}, setFile seen at once', async () => {
    expect(await get('/repos/owner/core/raw/config/providers.yaml')).toEqual({ status: 200, body: 'a: 1\n' });
    s.setFile('owner/core', 'config/providers.yaml', 'a: 2\n', 'staging');
    expect((await get('/repos/owner/core/raw/config/providers.yaml?ref=staging')).body).toBe('a: 2\n');
    expect((await get('/repos/owner/core/raw/staging/config/providers.yaml')).body).toBe('a: 2\n');
    expect((await get('/repos/owner/core/raw/config/providers.yaml')).body).toBe('a: 1\n');
    s.setFile('owner/core', 'config/providers.yaml', 'a: 3\n');
    expect((await get('/repos/owner/core/raw/config/providers.yaml')).body).toBe('a: 3\n');
    expect((await get('/repos/owner/core/raw/missing.txt')).status).toBe(404);
    expect((await get('/repos/owner/hidden/raw/README.md')).status).toBe(404);
    expect((await get('/repos/owner/hidden/raw/README.md', 'reader')).status).toBe(200);
  });

  test('contents: base64 content, blob sha and last commit; directories list', async () => {
    s.setFile('owner/core', 'docs/a.md', 'hello\n', 'release/v1');
    const r = await get('/repos/owner/core/contents/docs/a.md?ref=release/v1');
    expect(r.status).toBe(200);
    expect(Buffer.from(r.body.content, 'base64').toString()).toBe('hello\n');
    expect(r.body.sha).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(r.body.type).toBe('file');
    expect(r.body.encoding).toBe('base64');
    expect(r.body.last_commit_message).toBe('Update docs/a.md');
    const dir = await get('/repos/owner/core/contents/config');
    expect(dir.body.map((e: any) => [e.name, e.type])).toEqual([['providers.yaml', 'file']]);
    const root = await get('/repos/owner/core/contents');
    expect(root.body.map((e: any) => e.name).sort()).toEqual(['README.md', 'config']);
    expect((await get('/repos/owner/core/contents/docs/a.md')).status).toBe(404);
    expect((await get('/repos/owner/core/contents/README.md?ref=no-such-ref')).status).toBe(404);
  });
});

describe('collaborator permission', () => {
  test('yourself, repo admins and site admins only; the user\'s role by name', async () => {
    const own = await get('/repos/owner/core/collaborators/writer/permission', 'writer');
    expect(own.status).toBe(200);
    expect([own.body.permission, own.body.role_name, own.body.user.login]).toEqual(['write', 'write', 'writer']);
    const other = await get('/repos/owner/core/collaborators/owner/permission', 'writer');
    expect(other.status).toBe(403);
    expect(other.body.message).toMatch(/^Only admins can query all permissions/);
    expect((await get('/repos/owner/core/collaborators/stranger/permission', 'repoadmin')).body.permission).toBe('read');
    expect((await get('/repos/owner/hidden/collaborators/stranger/permission', 'root')).body.permission).toBe('none');
    expect((await get('/repos/owner/core/collaborators/owner/permission', 'root')).body.permission).toBe('owner');
    expect((await get('/repos/owner/core/collaborators/ghost/permission', 'root')).status).toBe(404);
    expect((await get('/repos/owner/core/collaborators/writer/permission')).status).toBe(401);
  });
});
