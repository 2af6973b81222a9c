// The scopes probe's three methods end to end against the simulator: token list, echoed scope string, guarded requests.
import { afterEach, describe, expect, it } from 'vitest';
import { checkInventory } from '../engine/run-check.js';
import { parseInventory } from '../inventory/load.js';
import { startForgeSim, type ForgeSim, type SimOptions } from '../sim/index.js';

let sim: ForgeSim | null = null;
afterEach(async () => {
  await sim?.stop();
  sim = null;
});

async function scopesVerdict(options: SimOptions, tokenScopes: string[], extra: { password?: boolean; probeWrites?: boolean } = {}) {
  sim = await startForgeSim(options);
  sim.addUser({ login: 'scope-bot', password: 'pw-for-scope-bot-1' });
  const token = sim.addToken('scope-bot', { name: 'canary', scopes: tokenScopes });
  const yaml = `version: 1
forges: { f: { type: ${options.flavor ?? 'gitea'}, url: "${sim.url}" } }
personas: { scope-bot: { kind: bot${extra.password ? ', password: { env: BOT_PASSWORD }' : ''} } }
credentials:
  T: { forge: f, source: { env: T }, persona: scope-bot, scopes: [read:user, write:repository]${extra.probeWrites ? ', probeWrites: true' : ''} }
`;
  const report = await checkInventory(parseInventory(yaml, '/tmp/scopes-it.yaml'), { env: { T: token, BOT_PASSWORD: 'pw-for-scope-bot-1' } });
  return report.credentials[0]!.probes.find((p) => p.id === 'scopes')!;
}

describe('scopes probe against the simulator', () => {
  it('reads the persona token list when a password is configured (exact, even on Forgejo)', async () => {
    const v = await scopesVerdict({ flavor: 'forgejo' }, ['all'], { password: true });
    expect(v).toMatchObject({ status: 'warn', class: 'scope-excess' });
    expect(v.evidence['method']).toBe("the persona's token list");
  });
  it('says so when the configured persona password is rejected, and falls back', async () => {
    sim = await startForgeSim({ flavor: 'forgejo' });
    sim.addUser({ login: 'scope-bot', password: 'the-real-password' });
    const token = sim.addToken('scope-bot', { scopes: ['read:user', 'write:repository'] });
    const yaml = `version: 1\nforges: { f: { type: forgejo, url: "${sim.url}" } }\npersonas: { scope-bot: { kind: bot, password: { env: PW } } }\ncredentials:\n  T: { forge: f, source: { env: T }, persona: scope-bot, scopes: [read:user, write:repository] }\n`;
    const report = await checkInventory(parseInventory(yaml, '/tmp/scopes-it.yaml'), { env: { T: token, PW: 'a-stale-password' } });
    const v = report.credentials[0]!.probes.find((p) => p.id === 'scopes')!;
    expect(v).toMatchObject({ status: 'warn', class: 'scope-unverified' });
    expect(v.evidence['method']).toMatch(/HTTP 401, check personas\.scope-bot\.password/);
    expect(JSON.stringify(report)).not.toContain('a-stale-password');
  });

  it('reads the scope string Gitea 1.23+ echoes in a 403', async () => {
    const v = await scopesVerdict({}, ['read:user', 'read:repository']);
    expect(v).toMatchObject({ status: 'fail', class: 'scope-missing' });
    expect(v.evidence['method']).toMatch(/echoed/);
  });
  it('on Forgejo (no echo) falls back to guarded requests: write scopes stay unverified without opt-in', async () => {
    const v = await scopesVerdict({ flavor: 'forgejo' }, ['read:user', 'write:repository']);
    expect(v).toMatchObject({ status: 'warn', class: 'scope-unverified' });
  });
  it('with probeWrites, rejected writes verify write scopes: pass when present, fail when absent', async () => {
    expect(await scopesVerdict({ flavor: 'forgejo' }, ['read:user', 'write:repository'], { probeWrites: true })).toMatchObject({ status: 'pass' });
    await sim?.stop();
    expect(await scopesVerdict({ flavor: 'forgejo' }, ['read:user', 'read:repository'], { probeWrites: true })).toMatchObject({ status: 'fail', class: 'scope-missing' });
  });
  it('guarded requests see extra read scopes as excess', async () => {
    const v = await scopesVerdict({ flavor: 'forgejo' }, ['read:user', 'write:repository', 'read:organization'], { probeWrites: true });
    expect(v).toMatchObject({ status: 'warn', class: 'scope-excess' });
    expect(v.evidence['excess']).toEqual(['read:organization']);
  });
});
