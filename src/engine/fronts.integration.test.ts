// Odd and hostile fronts (issue 9, items 1–5): proxies, WAFs, sign-on pages and wrong base URLs answer in
// the forge's place. A verdict about the token may only come from the forge's own answers, and a pass only
// when the anonymous control failed definitively. Each scenario runs the built CLI against a loopback forge
// with a front rule, and checks that the planted token shows in no output, in any form.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startForgeSim, type FaultRule, type ForgeSim, type SimOptions } from '../sim/index.js';
import { runCli } from '../testing/cli.js';
import { testInventory } from '../testing/inventory.js';
import type { Report } from '../report/model.js';

let sim: ForgeSim | undefined;
let dir: string | undefined;
afterEach(async () => {
  await sim?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
  sim = undefined;
  dir = undefined;
});

interface World {
  sim: ForgeSim;
  token: string;
}

/** A forge with bot t-bot (push on private acme/core, a file in it) and a token with `scopes`. */
async function world(scopes: string[] = ['read:user', 'write:repository'], options: SimOptions = {}): Promise<World> {
  sim = await startForgeSim(options);
  sim.addUser({ login: 't-bot' });
  sim.addOrg('acme');
  sim.addRepo({ owner: 'acme', name: 'core', private: true, files: { 'f.txt': 'same\n' } });
  sim.addRepo({ owner: 'acme', name: 'site', private: false });
  sim.setCollaborator('acme/core', 't-bot', 'write');
  return { sim, token: sim.addToken('t-bot', { scopes }) };
}

const FULL = `    repos: [{ repo: acme/core, access: push, branches: [main] }]
    files: [{ repo: acme/core, path: f.txt, local: f.txt }]
`;

function inventory(url: string, body = FULL, scopes = '[read:user, write:repository]', extra = ''): string {
  return testInventory({ url, scopes, body: extra + body });
}

/** Every form of a token that must never be printed: raw, trimmed, URL-encoded, base64 Basic pairs. */
function forms(token: string): string[] {
  return [token, token.trim(), encodeURIComponent(token), Buffer.from(`t-bot:${token}`).toString('base64'), Buffer.from(`${token}:`).toString('base64'), Buffer.from(token).toString('base64')];
}

async function check(url: string, token: string, yaml?: string): Promise<{ code: number | null; report: Report; text: string }> {
  dir ??= await mkdtemp(join(tmpdir(), 'credcanary-fronts-'));
  await writeFile(join(dir, 'f.txt'), 'same\n');
  await writeFile(join(dir, 'c.yaml'), yaml ?? inventory(url));
  const json = await runCli(['check', '--config', join(dir, 'c.yaml'), '--format', 'json', '--log-level', 'debug'], { T: token });
  const table = await runCli(['check', '--config', join(dir, 'c.yaml'), '--format', 'plain'], { T: token });
  const all = json.stdout + json.stderr + table.stdout + table.stderr;
  for (const f of forms(token)) expect(all.includes(f), 'a token form was printed').toBe(false);
  expect(table.code).toBe(json.code);
  return { code: json.code, report: JSON.parse(json.stdout) as Report, text: table.stdout };
}

function probe(report: Report, id: string) {
  const v = report.credentials[0]!.probes.find((p) => p.id === id);
  if (!v) throw new Error(`no ${id} verdict`);
  return v;
}

const DEPENDENT = ['scopes', 'repo-access', 'branch-push', 'file-drift'];

describe('item 1: a transient or unrecognised anonymous control never counts as "the control failed"', () => {
  it.each<[string, FaultRule, string]>([
    ['503', { status: 503 }, 'unreachable'],
    ['429', { status: 429 }, 'rate-limited'],
    ['an HTML 401 from a sign-on front', { status: 401, as: 'html' }, 'unexpected-response'],
  ])('anonymous /api/v1/user answered with %s: identity is inconclusive, not green (exit 3)', async (_label, front, cls) => {
    const w = await world();
    w.sim.faults.add({ match: { pathPrefix: '/api/v1/user', auth: 'anonymous' }, ...front });
    const { code, report } = await check(w.sim.url, w.token);
    expect(probe(report, 'identity')).toMatchObject({ status: 'inconclusive', class: cls });
    expect(probe(report, 'identity').summary).toMatch(/anonymous control/);
    expect(code).toBe(3);
  });

  it('a junk token that a front answers with the bot\'s JSON does not pass', async () => {
    const w = await world();
    const junk = 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed';
    w.sim.faults.add({ match: { pathPrefix: '/api/v1/user', auth: 'credentialed' }, json: { id: 2, login: 't-bot', username: 't-bot' } });
    w.sim.faults.add({ match: { pathPrefix: '/api/v1/user', auth: 'anonymous' }, status: 503 });
    const { code, report } = await check(w.sim.url, junk, inventory(w.sim.url, '    repos: [{ repo: acme/site, access: pull }]\n'));
    expect(probe(report, 'identity').status).toBe('inconclusive');
    expect(probe(report, 'repo-access').status).toBe('skipped');
    expect(code).toBe(3);
  });
});

describe('item 2: an identity that is not established unlocks nothing', () => {
  it('a front that answers /user oddly for everyone: every dependent probe is skipped, none passes', async () => {
    const w = await world(['all']);
    w.sim.faults.add({ match: { pathPrefix: '/api/v1/user' }, status: 418 });
    const { code, report } = await check(w.sim.url, w.token);
    expect(probe(report, 'identity').status).toBe('inconclusive');
    for (const id of DEPENDENT) {
      expect(probe(report, id), id).toMatchObject({ status: 'skipped', summary: expect.stringMatching(/^Not run: identity could not be established/) });
    }
    expect(report.credentials[0]!.probes.some((p) => p.class === 'scope-excess')).toBe(false);
    expect(code).toBe(3);
  });

  it('an anonymous /user answered as the persona in another case is non-discriminating (logins compared case-insensitively)', async () => {
    const w = await world();
    w.sim.faults.add({ match: { pathPrefix: '/api/v1/user', auth: 'anonymous' }, json: { id: 2, login: 'T-Bot', username: 'T-Bot' } });
    const { code, report } = await check(w.sim.url, w.token);
    expect(probe(report, 'identity')).toMatchObject({ status: 'inconclusive', class: 'non-discriminating' });
    for (const id of DEPENDENT) expect(probe(report, id).status, id).toBe('skipped');
    expect(code).toBe(3);
  });
});

describe('item 3: a wrong base URL never blames the bot', () => {
  it.each([
    ['a path prefix the forge does not have', (s: ForgeSim) => `${s.url}/gitea`],
    ['a host where every path is 404', (s: ForgeSim) => (s.faults.add({ status: 404, as: 'text' }), s.url)],
  ])('%s: inconclusive, asking whether url is the base URL (exit 3)', async (_label, urlOf) => {
    const w = await world();
    const url = urlOf(w.sim);
    const { code, report, text } = await check(url, w.token, inventory(url));
    expect(probe(report, 'identity')).toMatchObject({ status: 'inconclusive', class: 'unexpected-response' });
    expect(probe(report, 'identity').summary).toContain("Is `url` the forge's base URL?");
    expect(report.credentials[0]!.probes.filter((p) => p.status === 'fail')).toEqual([]);
    expect(text).not.toMatch(/removed as a collaborator|rotation suspected/i);
    expect(code).toBe(3);
  });
});

describe('item 4: an HTML 401/403 that anonymous gets too is not the token\'s fault', () => {
  it.each([403, 401])('a WAF answering everything with an HTML %i: inconclusive with the page\'s first line, exit 3', async (status) => {
    const w = await world();
    w.sim.faults.add({ status, as: 'html' });
    const { code, report, text } = await check(w.sim.url, w.token);
    const identity = probe(report, 'identity');
    expect(identity).toMatchObject({ status: 'inconclusive', class: 'unexpected-response' });
    expect(identity.evidence['body']).toBe(`${status} Request blocked by Front Door`);
    expect(report.credentials[0]!.probes.filter((p) => p.status === 'fail')).toEqual([]);
    expect(text).not.toMatch(/rotation suspected|cannot sign in/i);
    expect(code).toBe(3);
  });
});

describe('item 4: a front\'s page is evidence, scrubbed', () => {
  it('a WAF page that echoes the Authorization header shows in the report without the token', async () => {
    const w = await world();
    w.sim.faults.add({ status: 403, as: 'html', echoAuthorization: true });
    const { report } = await check(w.sim.url, w.token);
    const body = String(probe(report, 'identity').evidence['body']);
    expect(body).toBe('403 Request blocked by Front Door (token [REDACTED])');
  });
});

describe('item 5: only the forge\'s own router answering counts as "past the scope check"', () => {
  it('a proxy\'s HTML 405 for writes leaves write:repository unverified instead of confirmed', async () => {
    // Gitea 1.22 does not echo the token's scopes in a 403, so the write really is probed.
    const w = await world(['read:user', 'read:repository'], { version: '1.22.0' });
    w.sim.faults.add({ match: { method: 'PATCH' }, status: 405, as: 'html' });
    w.sim.faults.add({ match: { method: 'DELETE' }, status: 405, as: 'html' });
    const { report } = await check(w.sim.url, w.token, inventory(w.sim.url, '', '[read:user, write:repository]', '    probeWrites: true\n'));
    expect(probe(report, 'scopes')).toMatchObject({ status: 'warn', class: 'scope-unverified' });
    expect(probe(report, 'scopes').summary).toContain('write:repository');
  });

  it('without the front, the forge\'s own JSON 404 still confirms the write scope', async () => {
    const w = await world(['read:user', 'write:repository'], { version: '1.22.0' });
    const { code, report } = await check(w.sim.url, w.token, inventory(w.sim.url, '', '[read:user, write:repository]', '    probeWrites: true\n'));
    expect(probe(report, 'scopes')).toMatchObject({ status: 'pass' });
    expect(code).toBe(0);
  });
});
