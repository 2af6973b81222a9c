import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseInventory } from './load.js';
import { validateSources } from './validate.js';

const SECRET = 'validate-secret-5d1f0a9c3e7b';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-validate-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function inventory(credentials: string): ReturnType<typeof parseInventory> {
  const text = `version: 1
forges: { core: { type: gitea, url: https://git.example.com } }
personas: { bot: { kind: bot, password: { env: BOT_PASSWORD } } }
credentials:
${credentials}`;
  return parseInventory(text, join(dir, 'credcanary.yaml'));
}

describe('validateSources', () => {
  it('reads env, file and envFile sources offline, never returning the value', async () => {
    writeFileSync(join(dir, 'token'), `${SECRET}\n`, { mode: 0o600 });
    writeFileSync(join(dir, 'ops.env'), `OTHER=1\nTOKEN=${SECRET}\n`, { mode: 0o644 });
    chmodSync(join(dir, 'ops.env'), 0o644);
    const loaded = inventory(`  A: { forge: core, source: { env: A_TOKEN }, persona: bot, scopes: [] }
  B: { forge: core, source: { file: token }, persona: bot, scopes: [] }
  C: { forge: core, source: { envFile: ops.env, key: TOKEN }, persona: bot, scopes: [] }
`);
    const findings = await validateSources(loaded, { A_TOKEN: SECRET, BOT_PASSWORD: SECRET });
    expect(JSON.stringify(findings)).not.toContain(SECRET);
    expect(findings.filter((f) => f.status === 'fail')).toEqual([]);
    expect(findings.map((f) => `${f.status} ${f.subject}`)).toEqual([
      'ok persona bot password',
      'ok credential A source',
      'ok credential B source',
      'ok credential C source',
      'warn credential C source',
    ]);
    expect(findings.at(-1)?.message).toContain('chmod 600');
  });

  it('names each source that cannot be read here, a missing local copy, and an absent command', async () => {
    const loaded = inventory(`  A: { forge: core, source: { env: A_TOKEN }, persona: bot, scopes: [] }
  B: { forge: core, source: { file: nowhere/token }, persona: bot, scopes: [], files: [{ repo: acme/cp, path: p.yaml, local: p.yaml }] }
  C: { forge: core, source: { command: [no-such-program-cc, get] }, persona: bot, scopes: [] }
  D: { forge: core, source: { command: [node, --version] }, persona: bot, scopes: [] }
`);
    const findings = await validateSources(loaded, { PATH: process.env['PATH'] ?? '', BOT_PASSWORD: '' });
    const failed = findings.filter((f) => f.status === 'fail').map((f) => `${f.subject}: ${f.message}`);
    expect(failed).toEqual([
      expect.stringMatching(/^persona bot password: environment variable BOT_PASSWORD is empty/),
      'credential A source: environment variable A_TOKEN is not set',
      expect.stringMatching(/^credential B source: file .*nowhere\/token does not exist$/),
      expect.stringMatching(/^credential B file acme\/cp:p.yaml: local copy \/.*\/p.yaml does not exist \(relative paths are relative to the inventory's folder\)$/),
      expect.stringMatching(/^credential C source: command no-such-program-cc not found on PATH/),
    ]);
    expect(findings.find((f) => f.subject === 'credential D source')?.message).toContain('not run');
  });
});
