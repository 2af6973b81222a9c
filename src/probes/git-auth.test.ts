import { describe, expect, it } from 'vitest';
import { facts } from '../testing/fake-calls.js';
import { classifyGitFailure, judgeGitAuth } from './git-auth.js';
import type { GitPushResult } from '../git/runner.js';

const ok: GitPushResult = { exitCode: 0, timedOut: false, stderr: '', durationMs: 5 };
const refused = (stderr: string): GitPushResult => ({ exitCode: 128, timedOut: false, stderr, durationMs: 5 });
const anon401 = refused("fatal: could not read Username for 'http://127.0.0.1': terminal prompts disabled");
const req = { repo: 'acme/core', access: 'push' as const };
const url = 'http://127.0.0.1/acme/core.git';

describe('git-auth judge', () => {
  it('passes when the credentialed push discovery works and the anonymous one is refused', () => {
    expect(judgeGitAuth({ url, authed: ok, control: anon401 }, facts(), req)).toMatchObject({ status: 'pass', class: null });
  });
  it('anonymous control: a push path that accepts anonymous proves nothing', () => {
    expect(judgeGitAuth({ url, authed: ok, control: ok }, facts(), req)).toMatchObject({ status: 'inconclusive', class: 'non-discriminating' });
  });
  it('fails a 401 as git-auth-failed naming rotation', () => {
    const v = judgeGitAuth({ url, authed: refused('fatal: Authentication failed for ...'), control: anon401 }, facts(), req);
    expect(v).toMatchObject({ status: 'fail', class: 'git-auth-failed' });
    expect(v.summary).toMatch(/rotation suspected/);
  });
  it('fails a 403 (read-only token pushing) as git-auth-failed with the scope remedy', () => {
    const v = judgeGitAuth({ url, authed: refused('fatal: unable to access ...: The requested URL returned error: 403'), control: anon401 }, facts(), req);
    expect(v).toMatchObject({ status: 'fail', class: 'git-auth-failed' });
    expect(v.remedy).toContain('write:repository');
  });
  it('timeouts and 5xx are inconclusive', () => {
    expect(judgeGitAuth({ url, authed: { ...ok, exitCode: null, timedOut: true }, control: anon401 }, facts(), req).status).toBe('inconclusive');
    expect(judgeGitAuth({ url, authed: refused('The requested URL returned error: 503'), control: anon401 }, facts(), req)).toMatchObject({ status: 'inconclusive', class: 'unreachable' });
  });
  it('a pass needs the anonymous control to be denied: a control that timed out or hit a 503 proves nothing', () => {
    expect(judgeGitAuth({ url, authed: ok, control: { ...ok, exitCode: null, timedOut: true } }, facts(), req)).toMatchObject({ status: 'inconclusive', class: 'unreachable' });
    expect(judgeGitAuth({ url, authed: ok, control: refused('The requested URL returned error: 503') }, facts(), req)).toMatchObject({ status: 'inconclusive', class: 'unreachable' });
    expect(judgeGitAuth({ url, authed: ok, control: refused('something odd') }, facts(), req)).toMatchObject({ status: 'inconclusive', class: 'unexpected-response' });
  });
  it('a 403 or 404 that anonymous gets too (a WAF, a wrong url) is not the token\'s fault', () => {
    const f403 = refused("fatal: unable to access 'x': The requested URL returned error: 403");
    expect(judgeGitAuth({ url, authed: f403, control: f403 }, facts(), req)).toMatchObject({ status: 'inconclusive', class: 'unexpected-response' });
    const f404 = refused('remote: Repository not found');
    expect(judgeGitAuth({ url, authed: f404, control: f404 }, facts(), req)).toMatchObject({ status: 'inconclusive', class: 'unexpected-response' });
  });
  it('a refusal counts against the token only when the forge\'s own API answered identity', () => {
    const unheard = { authenticated: false, login: null, forgeAnswered: false };
    const v = judgeGitAuth({ url, authed: refused('fatal: Authentication failed'), control: anon401, identity: unheard }, facts(), req);
    expect(v).toMatchObject({ status: 'inconclusive', class: 'unexpected-response' });
    const heard = { authenticated: false, login: null, forgeAnswered: true };
    expect(judgeGitAuth({ url, authed: refused('fatal: Authentication failed'), control: anon401, identity: heard }, facts(), req).status).toBe('fail');
  });
  it('says what transport git really used: never "HTTPS" for an http:// forge', () => {
    expect(judgeGitAuth({ url, authed: ok, control: anon401 }, facts(), req).summary).toContain('over HTTP (loopback)');
    expect(judgeGitAuth({ url: 'http://git.example.com/acme/core.git', authed: ok, control: anon401 }, facts(), req).summary).toContain('over HTTP (cleartext)');
    expect(judgeGitAuth({ url: 'https://git.example.com/acme/core.git', authed: ok, control: anon401 }, facts(), req).summary).toContain('over HTTPS');
  });
  it('classifies stderr', () => {
    expect(classifyGitFailure("fatal: could not read Username for 'x': terminal prompts disabled")).toBe('auth');
    expect(classifyGitFailure('remote: Repository not found')).toBe('not-found');
    expect(classifyGitFailure('Failed to connect to 127.0.0.1 port 1: Connection refused')).toBe('unreachable');
    expect(classifyGitFailure('something odd')).toBe('other');
  });
});
