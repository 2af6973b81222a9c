// Transient is not red: forge down, 503, reset, 429 and hangs end inconclusive (exit 3), in bounded time.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startForgeSim, type FaultRule, type ForgeSim } from '../sim/index.js';
import { runCli } from '../testing/cli.js';
import { testInventory } from '../testing/inventory.js';
import type { Report } from '../report/model.js';

const TIMEOUT_S = 1;
const RETRIES = 1;
let sim: ForgeSim;
let dir: string;
let token: string;

function inventory(url: string, repo = 'acme/core'): string {
  return testInventory({ url, body: `    repos: [{ repo: ${repo}, access: push, branches: [main] }]\n`, timeoutSeconds: TIMEOUT_S, retries: RETRIES });
}

beforeEach(async () => {
  sim = await startForgeSim();
  sim.addUser({ login: 't-bot' });
  sim.addOrg('acme');
  sim.addRepo({ owner: 'acme', name: 'core', private: true });
  sim.addRepo({ owner: 'acme', name: 'site', private: false });
  sim.setCollaborator('acme/core', 't-bot', 'write');
  token = sim.addToken('t-bot', { scopes: ['read:user', 'write:repository'] });
  dir = await mkdtemp(join(tmpdir(), 'credcanary-transient-'));
});
afterEach(async () => {
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

async function check(url = sim.url, repo?: string): Promise<{ code: number | null; report: Report; ms: number }> {
  await writeFile(join(dir, 'c.yaml'), inventory(url, repo));
  const r = await runCli(['check', '--config', join(dir, 'c.yaml'), '--format', 'json'], { T: token });
  return { code: r.code, report: JSON.parse(r.stdout) as Report, ms: r.ms };
}

// timeout × (retries + 1) plus backoff (≤ 2 s per retry) plus process start and git, generously.
const BOUND_MS = TIMEOUT_S * 1000 * (RETRIES + 1) + 2000 * RETRIES + 3000;

function expectInconclusive(report: Report): void {
  const probes = report.credentials[0]!.probes;
  for (const p of probes) {
    if (p.id === 'presence') expect(p.status).toBe('pass');
    else expect(['inconclusive', 'skipped'], `${p.id}: ${p.status} ${p.summary}`).toContain(p.status);
  }
  expect(probes.some((p) => p.status === 'inconclusive')).toBe(true);
  expect(report.status).toBe('inconclusive');
}

describe('transient faults are inconclusive, exit 3, never pass or fail', () => {
  it.each<[string, FaultRule, string]>([
    ['503 on everything', { status: 503 }, 'unreachable'],
    ['connection reset', { reset: true }, 'unreachable'],
    ['429 with Retry-After', { status: 429, retryAfter: 1 }, 'rate-limited'],
    ['hang', { hang: true }, 'unreachable'],
  ])('%s', async (_label, fault, cls) => {
    sim.faults.add(fault);
    const { code, report, ms } = await check();
    expect(code).toBe(3);
    expectInconclusive(report);
    expect(report.credentials[0]!.probes.find((p) => p.id === 'identity')).toMatchObject({ status: 'inconclusive', class: cls });
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('forge down (nothing listening)', async () => {
    // A port that was just free: connection refused, as when a forge is stopped.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const { code, report, ms } = await check(`http://127.0.0.1:${port}`);
    expect(report.credentials[0]!.probes.find((p) => p.id === 'identity')!.summary).toMatch(/ECONNREFUSED|refused/);
    expect(code).toBe(3);
    expectInconclusive(report);
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('a 503 that clears on retry ends green', async () => {
    sim.faults.add({ status: 503, times: 1 });
    const { code, report } = await check();
    expect(code).toBe(0);
    expect(report.status).toBe('pass');
  });

  it('identity unproven (a proxy answers /user oddly): a public repository read is not even tried', async () => {
    sim.faults.add({ match: { pathPrefix: '/api/v1/user' }, status: 418 });
    await writeFile(join(dir, 'c.yaml'), inventory(sim.url).replace('{ repo: acme/core, access: push, branches: [main] }', '{ repo: acme/site, access: pull }'));
    const r = await runCli(['check', '--config', join(dir, 'c.yaml'), '--format', 'json'], { T: token });
    const report = JSON.parse(r.stdout) as Report;
    expect(r.code).toBe(3);
    expect(report.credentials[0]!.probes.find((p) => p.id === 'repo-access')).toMatchObject({ status: 'skipped', summary: expect.stringMatching(/identity could not be established/) });
  });

  it('identity unreachable: the probes that would wait the same way are skipped, keeping the run bounded', async () => {
    sim.faults.add({ match: { pathPrefix: '/api/v1/user' }, status: 503 });
    const { code, report } = await check();
    expect(code).toBe(3);
    expect(report.credentials[0]!.probes.find((p) => p.id === 'repo-access')).toMatchObject({ status: 'skipped' });
  });

  it('a 401 is never retried', async () => {
    sim.revokeToken(token);
    const before = sim.requests.length;
    const { code } = await check();
    expect(code).toBe(1);
    const userCalls = sim.requests.slice(before).filter((r) => r.path === '/api/v1/user' && r.auth === 'token-header');
    expect(userCalls).toHaveLength(1);
  });
});
