import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli.js';

// Simple mistakes a newcomer makes: each is exit 2 with a message naming what was wrong, never an
// "internal error … please report it"; and `validate`, the offline check of an inventory.

const TOKEN = 'mistakes-token-83c0e5a1f7d2b94c';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-mistakes-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}) {
  const r = await runCli(args, { HOME: dir, ...env }, { cwd: dir });
  expect(r.stdout + r.stderr).not.toContain('internal error');
  expect(r.stdout + r.stderr).not.toContain(TOKEN);
  return r;
}

describe('simple mistakes', () => {
  it('init config --from-scan of a missing folder: exit 2 naming the path', async () => {
    const r = await cli(['init', 'config', '--from-scan', '/nonexistent-cc-folder', '--output', '-']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent-cc-folder: no such file or folder');
    writeFileSync(join(dir, 'a-file'), 'x');
    const file = await cli(['init', 'config', '--from-scan', 'a-file', '--output', '-']);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('a-file: a file, not a folder');
  });

  it('a file-system mistake anywhere is exit 2 naming the path, not an internal error', async () => {
    const r = await cli(['scan', '--output', join(dir, 'no-such-folder', 'out.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--output ${join(dir, 'no-such-folder', 'out.json')}: its folder does not exist`);
  });

  it('init with an unknown subcommand names it and the two it has', async () => {
    const r = await cli(['init', 'confg']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('init has no subcommand "confg" (did you mean "config"?)');
    expect(r.stderr).not.toContain('too many arguments');
  });

  it('a planned command says it is not available yet; a typo gets a suggestion; both list the commands', async () => {
    const rotate = await cli(['rotate']);
    expect(rotate.code).toBe(2);
    expect(rotate.stderr).toContain('`rotate` is not available in this version yet');
    expect(rotate.stderr).not.toMatch(/did you mean/i);
    expect(rotate.stderr).toMatch(/commands: check, gate, scan, .*validate/);
    const typo = await cli(['chek']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown command "chek" (did you mean "check"?)');
  });

  it('a missing inventory hints at a command that works', async () => {
    const r = await cli(['check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('run `credcanary init config` to write one');
  });
});

describe('credcanary validate', () => {
  const inventory = (source: string) =>
    `version: 1
forges: { core: { type: gitea, url: https://git.example.com } }
personas: { bot: { kind: bot } }
credentials:
  SYNC: { forge: core, source: ${source}, persona: bot, scopes: [read:user] }
consumers:
  sync: { kind: cron, credentials: [SYNC] }
`;

  it('a valid inventory whose source is readable: exit 0, nothing contacted, the value never printed', async () => {
    writeFileSync(join(dir, 'credcanary.yaml'), inventory('{ env: SYNC_TOKEN }'));
    // The forge URL does not resolve: validate must not try it.
    const r = await cli(['validate'], { SYNC_TOKEN: TOKEN });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('schema and references valid (1 forge, 1 persona, 1 credential, 1 consumer)');
    expect(r.stdout).toContain('ok    credential SYNC source: environment variable SYNC_TOKEN holds a value');
  });

  it('a source that cannot be read here: exit 1 naming it; --no-sources skips it', async () => {
    writeFileSync(join(dir, 'credcanary.yaml'), inventory('{ env: SYNC_TOKEN }'));
    const r = await cli(['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('fail  credential SYNC source: environment variable SYNC_TOKEN is not set');
    const skip = await cli(['validate', '--no-sources']);
    expect(skip.code).toBe(0);
    expect(skip.stdout).toContain('sources not checked (--no-sources)');
  });

  it('a broken reference: exit 2 with file:line:column', async () => {
    writeFileSync(join(dir, 'bad.yaml'), inventory('{ env: SYNC_TOKEN }').replace('forge: core', 'forge: cor'));
    const r = await cli(['validate', '--config', 'bad.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:5:\d+: credentials\.SYNC\.forge: /);
  });
});
