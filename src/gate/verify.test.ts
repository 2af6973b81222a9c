import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../core/exit-codes.js';
import { startForgeSim, type ForgeSim } from '../sim/index.js';
import { runGate } from './run.js';

// `gate --verify`: present secrets are also checked live (against the simulator), and the exit code is
// the worse of the gate and the check.

let sim: ForgeSim;
let dir: string;
let config: string;
let token: string;

beforeAll(async () => {
  sim = await startForgeSim();
  sim.addUser({ login: 'sync-bot' });
  token = sim.addToken('sync-bot', { scopes: ['read:user'] });
  dir = mkdtempSync(join(tmpdir(), 'credcanary-verify-'));
  config = join(dir, 'credcanary.yaml');
  writeFileSync(
    config,
    `version: 1
forges:
  core: { type: gitea, url: "${sim.url}" }
personas:
  sync-bot: { kind: bot }
credentials:
  SYNC_TOKEN: { forge: core, source: { env: SYNC_TOKEN }, persona: sync-bot, scopes: [read:user] }
settings: { timeoutSeconds: 5, concurrency: 2, retries: 0 }
`,
  );
}, 30_000);

afterAll(async () => {
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function verify(env: Record<string, string>, names = ['SYNC_TOKEN']): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runGate({ names, format: 'plain', verify: true, config }, env, { write: (t) => (out += t) });
  return { code, out };
}

describe('credcanary gate --verify', () => {
  it('a present, valid token: the check runs and passes, exit 0', async () => {
    const r = await verify({ SYNC_TOKEN: token });
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('SYNC_TOKEN: pass (presence pass, identity pass');
    expect(r.out).toContain('==== credcanary: PASS (exit 0) ====');
    expect(r.out).not.toContain(token);
    expect(sim.requests.some((q) => q.path === '/api/v1/user' && q.status === 200)).toBe(true);
  });

  it('a present junk token: the check fails, exit 1, naming rotation', async () => {
    const r = await verify({ SYNC_TOKEN: 'junk-token-value-9f8e7d6c5b4a' });
    expect(r.code).toBe(EXIT.fail);
    expect(r.out).toContain('Token rotation suspected');
    expect(r.out).not.toContain('junk-token-value-9f8e7d6c5b4a');
  });

  it('a missing secret is not checked: trusted → exit 1 without contacting the forge', async () => {
    const before = sim.requests.length;
    const r = await verify({});
    expect(r.code).toBe(EXIT.fail);
    expect(r.out).toContain('Provision SYNC_TOKEN');
    expect(sim.requests.length).toBe(before);
  });

  it('a name the inventory lacks is a usage error from the check (exit 2 via the CLI)', async () => {
    await expect(verify({ OTHER: 'x'.repeat(12) }, ['OTHER'])).rejects.toThrow(/unknown credential OTHER/);
  });
});
