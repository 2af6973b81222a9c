// A dead forge costs one round of timeouts per run, not one per credential (issue 9, item 18); a port
// the Fetch standard calls "bad" is probed like any other (requests go through node:http, which has no
// such list); and the report says what transport was really used (item 16). Through the built CLI against the loopback forge.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForgeSim, type ForgeSim } from '../sim/index.js';
import { runCli } from '../testing/cli.js';
import type { Report } from '../report/model.js';

const NAMES = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8'];
let sim: ForgeSim;
let dir: string;
let token: string;

function inventory(url: string, names = NAMES): string {
  const creds = names.map((n) => `  ${n}: { forge: f, source: { env: T }, persona: t-bot, scopes: [read:user, write:repository], repos: [{ repo: acme/core, access: push }] }\n`).join('');
  return `version: 1\nforges: { f: { type: gitea, url: "${url}" } }\npersonas: { t-bot: { kind: bot } }\ncredentials:\n${creds}settings: { timeoutSeconds: 2, retries: 1, concurrency: 1 }\n`;
}

function expectNoToken(text: string): void {
  for (const f of [token, encodeURIComponent(token), Buffer.from(`t-bot:${token}`).toString('base64'), Buffer.from(token).toString('base64')]) {
    expect(text.includes(f), 'a token form was printed').toBe(false);
  }
}

beforeAll(async () => {
  sim = await startForgeSim();
  sim.addUser({ login: 't-bot' });
  sim.addOrg('acme');
  sim.addRepo({ owner: 'acme', name: 'core', private: true });
  sim.setCollaborator('acme/core', 't-bot', 'write');
  token = sim.addToken('t-bot', { scopes: ['read:user', 'write:repository'] });
  dir = await mkdtemp(join(tmpdir(), 'credcanary-reach-'));
});
afterAll(async () => {
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('item 18: an unreachable forge', () => {
  it('is given up on once per run: the remaining credentials are inconclusive without being sent, grouped under one line', async () => {
    sim.faults.clear();
    sim.faults.add({ reset: true });
    const before = sim.requests.length;
    await writeFile(join(dir, 'c.yaml'), inventory(sim.url));
    const json = await runCli(['check', '--config', join(dir, 'c.yaml'), '--format', 'json'], { T: token });
    const sentJson = sim.requests.length - before;
    const plain = await runCli(['check', '--config', join(dir, 'c.yaml'), '--format', 'plain'], { T: token });
    sim.faults.clear();
    expectNoToken(json.stdout + json.stderr + plain.stdout + plain.stderr);
    expect(json.code).toBe(3);
    expect(plain.code).toBe(3);
    const report = JSON.parse(json.stdout) as Report;
    for (const c of report.credentials) {
      expect(c.status, c.name).toBe('inconclusive');
      expect(c.probes.find((p) => p.id === 'identity')!.class).toBe('unreachable');
      expect(c.probes.filter((p) => p.status === 'fail'), c.name).toEqual([]);
    }
    const notSent = report.credentials.filter((c) => c.probes.some((p) => p.evidence['forgeDown'] === true));
    expect(notSent.length).toBeGreaterThanOrEqual(NAMES.length - 2);
    // Each credential alone would send identity and its control, each attempted twice: 32 requests.
    expect(sentJson).toBeLessThanOrEqual(8);
    // One line names every credential not checked, instead of a block each.
    const group = plain.stdout.split('\n').filter((l) => /^INCONCLUSIVE \d+ credentials on forge f not checked: /.test(l));
    expect(group.length).toBeGreaterThanOrEqual(1);
    const listed = /not checked: (.*?) — /.exec(group[0]!)![1]!.split(', ');
    expect(listed.length).toBeGreaterThanOrEqual(NAMES.length - 2);
    for (const name of listed) expect(NAMES).toContain(name);
    expect(group[0]).toMatch(/already unreachable in this run/);
    // The credentials shown in full are only those that found the forge down.
    const headings = plain.stdout.split('\n').filter((l) => /^INCONCLUSIVE C\d · /.test(l));
    expect(headings.length + listed.length).toBe(NAMES.length);
  });

  it('on a port Node\'s fetch would refuse ("bad port" 6000) is probed like any other port, not refused', async () => {
    await writeFile(join(dir, 'bad.yaml'), inventory('http://127.0.0.1:6000', ['C1']));
    const r = await runCli(['check', '--config', join(dir, 'bad.yaml'), '--format', 'json'], { T: token });
    expectNoToken(r.stdout + r.stderr);
    // The inventory is valid; what the port answers (nothing, here) decides the verdict.
    expect(r.code).not.toBe(2);
    const identity = (JSON.parse(r.stdout) as Report).credentials[0]!.probes.find((p) => p.id === 'identity')!;
    expect(JSON.stringify(identity)).not.toMatch(/bad port/i);
    expect(identity.status).not.toBe('skipped');
  });
});

describe('item 16: the report says what transport is really used', () => {
  it('git-auth against an http:// forge never claims "over HTTPS"', async () => {
    await writeFile(join(dir, 'ok.yaml'), inventory(sim.url, ['C1']));
    const r = await runCli(['check', '--config', join(dir, 'ok.yaml'), '--format', 'json'], { T: token });
    expectNoToken(r.stdout + r.stderr);
    const git = (JSON.parse(r.stdout) as Report).credentials[0]!.probes.find((p) => p.id === 'git-auth')!;
    expect(git.status).toBe('pass');
    expect(git.summary).toContain('over HTTP (loopback)');
    expect(r.stdout).not.toContain('HTTPS');
    expect(r.code).toBe(0);
  });
});
