// A generic HTTP verify forge through the built CLI: a Cloudflare-shaped verify endpoint on 127.0.0.1.
// identity and expiry are judged; the repository probes are not applicable; the token never prints.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../testing/cli.js';

const GOOD = `cf-${'a1b2c3d4'.repeat(5)}`;
const SOON = `cf-${'e5f6a7b8'.repeat(5)}`;
let server: Server;
let dir: string;
let config: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    const days = auth === `Bearer ${GOOD}` ? 200 : auth === `Bearer ${SOON}` ? 3 : null;
    res.writeHead(days === null ? 401 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(days === null
      ? { success: false, errors: [{ code: 1000, message: 'Invalid API Token' }] }
      : { success: true, result: { id: 'tok-42', status: 'active', expires_on: new Date(Date.now() + days * 86_400_000).toISOString() } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4/user/tokens/verify`;
  dir = await mkdtemp(join(tmpdir(), 'credcanary-http-verify-'));
  config = join(dir, 'credcanary.yaml');
  const cred = (name: string) => `  ${name}: { forge: cf, source: { env: ${name} }, persona: cf-deploy, scopes: [] }\n`;
  await writeFile(config, `version: 1
forges:
  cf: { type: http, url: "${url}", verify: { header: "Authorization: Bearer {token}", identity: result.id, expiry: result.expires_on } }
personas: { cf-deploy: { kind: bot, login: tok-42 } }
credentials:
${cred('CF_GOOD')}${cred('CF_SOON')}${cred('CF_BAD')}`);
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

it('identity and expiry are judged, the rest is not applicable, and no token prints', async () => {
  const bad = `cf-${'0'.repeat(40)}`;
  const r = await runCli(['check', '--config', config, '--format', 'json'], { CF_GOOD: GOOD, CF_SOON: SOON, CF_BAD: bad });
  const report = JSON.parse(r.stdout) as { credentials: Array<{ name: string; probes: Array<{ id: string; status: string; class: string | null }> }> };
  const v = (c: string, p: string) => report.credentials.find((x) => x.name === c)!.probes.find((x) => x.id === p);
  expect(v('CF_GOOD', 'identity')).toMatchObject({ status: 'pass' });
  expect(v('CF_GOOD', 'expiry')).toMatchObject({ status: 'pass' });
  expect(v('CF_GOOD', 'scopes')).toMatchObject({ status: 'skipped', class: 'not-applicable' });
  expect(v('CF_SOON', 'expiry')).toMatchObject({ status: 'warn', class: 'expiring' });
  expect(v('CF_BAD', 'identity')).toMatchObject({ status: 'fail', class: 'revoked' });
  for (const t of [GOOD, SOON, bad]) expect(r.stdout + r.stderr).not.toContain(t);
  expect(r.code).toBe(1);
});

it('repositories on an http forge are a configuration error (exit 2)', async () => {
  const bad = join(dir, 'bad.yaml');
  await writeFile(bad, `version: 1
forges: { cf: { type: http, url: "http://127.0.0.1:8/x", verify: { header: "X-Token: {token}", identity: id } } }
personas: { p: { kind: bot } }
credentials:
  T: { forge: cf, source: { env: T }, persona: p, scopes: [], repos: [{ repo: a/b, access: pull }] }
`);
  const r = await runCli(['check', '--config', bad], { T: 'x'.repeat(40) });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/HTTP verify endpoint, which has no scopes, repositories or files/);
});
