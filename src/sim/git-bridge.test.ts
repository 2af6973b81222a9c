import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { basicHeader, runGit } from './git-cli.js';
import { startForgeSim, type ForgeSim } from './index.js';

// reference §1.4 with the real git client against real `git http-backend`.

let s: ForgeSim;
let work: string;
const tok: Record<string, string> = {};
const GARBAGE = '0123456789abcdef0123456789abcdef01234567';

beforeAll(async () => {
  s = await startForgeSim();
  for (const login of ['owner', 'reader', 'writer', 'listed', 'stranger']) s.addUser({ login, password: `${login}-pw` });
  s.addRepo({ owner: 'owner', name: 'core', branches: ['staging', 'feature'] });
  s.addRepo({ owner: 'owner', name: 'hidden', private: true });
  s.setCollaborator('owner/core', 'reader', 'read');
  s.setCollaborator('owner/core', 'writer', 'write');
  s.setCollaborator('owner/core', 'listed', 'write');
  s.protectBranch('owner/core', 'main', { enablePush: false });
  s.protectBranch('owner/core', 'staging', { pushWhitelist: ['listed'] });
  for (const login of ['owner', 'reader', 'writer', 'listed', 'stranger']) {
    tok[login] = s.addToken(login, { name: 'rw', scopes: ['write:repository'] });
  }
  tok.readOnly = s.addToken('writer', { name: 'ro', scopes: ['read:repository'] });
  // A local repository with one commit to push from (the probe's throwaway commit).
  work = mkdtempSync(join(tmpdir(), 'sim-git-client-'));
  expect((await runGit(['init', '-q', work])).code).toBe(0);
  expect((await runGit(['-C', work, 'commit', '-q', '--allow-empty', '-m', 'probe'])).code).toBe(0);
});
afterAll(async () => {
  await s.stop();
  rmSync(work, { recursive: true, force: true });
});

const repoUrl = (name = 'core') => `${s.url}/owner/${name}.git`;
const pat = (login: string) => basicHeader(login, tok[login]!);

describe('pull side', () => {
  test('FALSE GREEN: ls-remote of a public repo with a garbage token in the URL succeeds; the server never sees it', async () => {
    const before = s.requests.length;
    const u = new URL(repoUrl());
    u.username = 'bot';
    u.password = GARBAGE;
    const r = await runGit(['ls-remote', u.toString()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/refs\/heads\/main/);
    const seen = s.requests.slice(before);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((x) => x.auth === 'none')).toBe(true);
  });

  test('credentials sent up front and invalid → 401 plain text, git fails', async () => {
    const before = s.requests.length;
    const r = await runGit(['ls-remote', repoUrl()], { authorization: basicHeader('bot', GARBAGE) });
    expect(r.code).not.toBe(0);
    // git treats the 401 as "ask for credentials", which prompts-disabled turns into a failure.
    expect(r.stderr).toMatch(/401|could not read Username/);
    expect(s.requests.slice(before).map((x) => [x.auth, x.status])).toEqual([['basic', 401]]);
    const f = await fetch(`${repoUrl()}/info/refs?service=git-upload-pack`, { headers: { Authorization: `token ${GARBAGE}` } });
    expect(f.status).toBe(401);
    expect(await f.text()).toBe('Failed to authenticate user\n');
    expect(f.headers.get('www-authenticate')).toBeNull();
  });

  test('private repo: anonymous → 401 Basic challenge; stranger → 404; collaborator → ok', async () => {
    const anon = await fetch(`${repoUrl('hidden')}/info/refs?service=git-upload-pack`);
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toBe('Basic realm="Gitea"');
    expect((await runGit(['ls-remote', repoUrl('hidden')])).code).not.toBe(0);
    const stranger = await fetch(`${repoUrl('hidden')}/info/refs?service=git-upload-pack`, {
      headers: { Authorization: pat('stranger') },
    });
    expect(stranger.status).toBe(404);
    expect(await stranger.text()).toBe('Repository not found\n');
    expect((await runGit(['ls-remote', repoUrl('hidden')], { authorization: pat('owner') })).code).toBe(0);
  });

  test('clone works and sees API-side commits', async () => {
    s.setFile('owner/core', 'f.txt', 'from api\n', 'feature');
    const dest = join(work, '..', `clone-${Date.now()}`);
    try {
      const r = await runGit(['clone', '-q', '--branch', 'feature', repoUrl(), dest]);
      expect(r.code, r.stderr).toBe(0);
      expect((await runGit(['-C', dest, 'show', 'HEAD:f.txt'])).stdout).toBe('from api\n');
    } finally {
      rmSync(dest, { recursive: true, force: true });
    }
  });
});

describe('push side', () => {
  const dryRun = (authorization: string | undefined, ref = 'refs/heads/credcanary-probe') =>
    runGit(['-C', work, 'push', '--dry-run', '--porcelain', repoUrl(), `HEAD:${ref}`], authorization ? { authorization } : {});
  const push = (authorization: string, ref: string) =>
    runGit(['-C', work, 'push', '--porcelain', '--force', repoUrl(), `HEAD:${ref}`], { authorization });

  test('receive-pack discovery always demands auth, even on a public repo', async () => {
    const f = await fetch(`${repoUrl()}/info/refs?service=git-receive-pack`);
    expect(f.status).toBe(401);
    expect(f.headers.get('www-authenticate')).toBe('Basic realm="Gitea"');
    expect((await dryRun(undefined)).code).not.toBe(0);
  });

  test('Basic PAT with only read:repository → 403 on push discovery', async () => {
    const f = await fetch(`${repoUrl()}/info/refs?service=git-receive-pack`, { headers: { Authorization: basicHeader('writer', tok.readOnly!) } });
    expect(f.status).toBe(403);
    expect((await dryRun(basicHeader('writer', tok.readOnly!))).code).not.toBe(0);
    // [infer] the same token in an `Authorization: token` header skips the scope check on git paths.
    expect((await dryRun(`token ${tok.readOnly}`)).code).toBe(0);
  });

  test('FALSE GREEN: a read-only collaborator passes push --dry-run (write check is deferred)', async () => {
    const r = await dryRun(pat('reader'));
    expect(r.code, r.stderr).toBe(0);
  });

  test('real push by a reader is refused by the pre-receive check', async () => {
    const r = await push(pat('reader'), 'refs/heads/credcanary-probe');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('User permission denied for writing.');
  });

  test('protected branches: push disabled, whitelist, and allowed pushes land', async () => {
    const main = await push(pat('writer'), 'refs/heads/main');
    expect(main.code).not.toBe(0);
    expect(main.stderr).toContain('Not allowed to push to protected branch main');
    const staging = await push(pat('writer'), 'refs/heads/staging');
    expect(staging.stderr).toContain('Not allowed to push to protected branch staging');
    const listed = await push(pat('listed'), 'refs/heads/staging');
    expect(listed.code, listed.stderr).toBe(0);
    const writer = await push(pat('writer'), 'refs/heads/probe-ok');
    expect(writer.code, writer.stderr).toBe(0);
    // The API sees the pushed branch at once (caches are invalidated by the push).
    const local = (await runGit(['-C', work, 'rev-parse', 'HEAD'])).stdout.trim();
    const b = await fetch(`${s.url}/api/v1/repos/owner/core/branches/probe-ok`);
    expect(((await b.json()) as { commit: { id: string } }).commit.id).toBe(local);
  });

  test('no access to a private repo → 404 Repository not found; unknown repo push → 403 push-to-create', async () => {
    const f = await fetch(`${repoUrl('hidden')}/info/refs?service=git-receive-pack`, { headers: { Authorization: pat('stranger') } });
    expect(f.status).toBe(404);
    expect(await f.text()).toBe('Repository not found\n');
    const g = await fetch(`${repoUrl('nope')}/info/refs?service=git-receive-pack`, { headers: { Authorization: pat('stranger') } });
    expect(g.status).toBe(403);
  });
});

test('forgejo: its own text for bad credentials on git paths', async () => {
  const f = await startForgeSim({ flavor: 'forgejo', version: '12.0.0' });
  try {
    f.addUser({ login: 'o' });
    f.addRepo({ owner: 'o', name: 'r' });
    const r = await fetch(`${f.url}/o/r.git/info/refs?service=git-upload-pack`, { headers: { Authorization: `token ${GARBAGE}` } });
    expect(r.status).toBe(401);
    expect(await r.text()).toMatch(/^Credentials are incorrect or have expired\./);
  } finally {
    await f.stop();
  }
});

describe('settings and account state on git paths', () => {
  test('requireSigninView: even public pulls ask for auth; prohibited users get 403; public-only PAT refused on private', async () => {
    const g = await startForgeSim({ requireSigninView: true });
    try {
      g.addUser({ login: 'o', password: 'o-pw' });
      g.addUser({ login: 'blocked', password: 'b-pw', prohibitLogin: true });
      g.addRepo({ owner: 'o', name: 'pub' });
      g.addRepo({ owner: 'o', name: 'priv', private: true });
      g.setCollaborator('o/pub', 'blocked', 'write');
      const refs = (name: string, authorization?: string) =>
        fetch(`${g.url}/o/${name}.git/info/refs?service=git-upload-pack`, authorization ? { headers: { Authorization: authorization } } : {});
      const anon = await refs('pub');
      expect(anon.status).toBe(401);
      expect(anon.headers.get('www-authenticate')).toBe('Basic realm="Gitea"');
      expect((await refs('pub', basicHeader('o', 'o-pw'))).status).toBe(200);
      const blocked = g.addToken('blocked', { scopes: ['read:repository'] });
      const b = await refs('pub', `token ${blocked}`);
      expect(b.status).toBe(403);
      expect(await b.text()).toBe('Your account is disabled.\n');
      const publicOnly = g.addToken('o', { scopes: ['public-only', 'read:repository'] });
      expect((await refs('priv', basicHeader('o', publicOnly))).status).toBe(403);
      expect((await refs('pub', basicHeader('o', publicOnly))).status).toBe(200);
    } finally {
      await g.stop();
    }
  });

  test('a Basic PAT without any repository scope still clones a public repo (no auth asked, no scope check)', async () => {
    const noRepoScope = s.addToken('stranger', { name: 'user-only', scopes: ['read:user'] });
    const r = await runGit(['ls-remote', repoUrl()], { authorization: basicHeader('stranger', noRepoScope) });
    expect(r.code, r.stderr).toBe(0);
    const priv = await fetch(`${repoUrl('hidden')}/info/refs?service=git-upload-pack`, {
      headers: { Authorization: basicHeader('owner', s.addToken('owner', { name: 'user-only', scopes: ['read:user'] })) },
    });
    expect(priv.status).toBe(403);
  });
});

test('the request log of all the git traffic above holds no token or password', () => {
  const log = JSON.stringify(s.requests);
  expect(s.requests.length).toBeGreaterThan(20);
  for (const value of [...Object.values(tok), GARBAGE, 'owner-pw']) expect(log).not.toContain(value);
});
