import { afterAll, beforeAll, expect, test } from 'vitest';
import { startForgeSim, type ForgeSim } from '../sim/index.js';
import { testHttpClient } from '../testing/http.js';
import { GiteaApi } from './gitea.js';
import { ANONYMOUS } from './types.js';

// The Gitea/Forgejo provider's answers to the forge-neutral questions, against the Gitea simulator.

let s: ForgeSim;
let api: GiteaApi;
let token = '';

beforeAll(async () => {
  s = await startForgeSim();
  s.addUser({ login: 'ci-bot' });
  s.addOrg('acme');
  s.addRepo({ owner: 'acme', name: 'core', private: true, branches: ['staging'] });
  s.setCollaborator('acme/core', 'ci-bot', 'write');
  s.protectBranch('acme/core', 'main', { enablePush: false });
  token = s.addToken('ci-bot', { scopes: ['read:user', 'read:repository'] });
  api = new GiteaApi({ type: 'gitea', url: s.url }, testHttpClient());
});
afterAll(() => s.stop());

test('identity: login and a refused control; no landmark when /user answered', async () => {
  const a = await api.identity(token);
  expect(a.authed.login).toBe('ci-bot');
  expect(a.control.refusal?.kind).toBe('bad-credentials');
  expect(a.control.outcome.kind === 'response' && a.control.outcome.status).toBe(401);
  expect(a.landmark).toBeNull();
});

test('repository, branch, scope refusal, git remote and expiry', async () => {
  const me = { kind: 'token', token } as const;
  expect((await api.repository(me, 'acme/core')).permissions).toEqual({ admin: false, push: true, pull: true });
  expect((await api.repository(ANONYMOUS, 'acme/core')).permissions).toBeNull();
  expect(await api.branch(me, 'acme/core', 'main')).toMatchObject({ canPush: false, protected: true });
  expect(await api.branch(me, 'acme/core', 'staging')).toMatchObject({ canPush: true, protected: false });
  const scopes = await api.scopes({ token, login: 'ci-bot', required: ['read:user', 'write:repository'], repos: [], probeWrites: false, authenticated: true, password: undefined, readSecret: async () => null });
  expect(scopes.granted).toEqual(['read:repository', 'read:user']);
  expect(api.gitRemote('acme/core', 'ci-bot')).toEqual({ url: `${s.url}/acme/core.git`, username: 'ci-bot' });
  expect(api.unsupported('expiry')).toMatch(/do not expire/);
  expect(api.unsupported('identity')).toBeNull();
});
