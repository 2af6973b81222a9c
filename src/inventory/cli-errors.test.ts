import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp.js';

// The built CLI, as users run it: `npm install` builds dist/ through `prepare`; a checkout without it
// is built here once (type errors elsewhere in the tree do not stop tsc from emitting).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'dist/cli/bin.js');
const NEEDED = ['dist/cli/bin.js', 'dist/cli/main.js', 'dist/inventory/load.js', 'dist/inventory/json-schema.js'];
const SAMPLE = fileURLToPath(new URL('./fixtures/design-sample.yaml', import.meta.url));
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

beforeAll(() => {
  if (NEEDED.every((file) => existsSync(join(ROOT, file)))) return;
  spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
  for (const file of NEEDED) expect(existsSync(join(ROOT, file)), `${file} was not built`).toBe(true);
}, 120_000);

function schemaValidator() {
  const stdout = execFileSync(process.execPath, [BIN, 'schema'], { encoding: 'utf8' });
  const schema = JSON.parse(stdout) as Record<string, unknown>;
  const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }));
  return { schema, validate: ajv.compile(schema) };
}

describe('credcanary schema', () => {
  it('prints a draft 2020-12 JSON Schema that ajv compiles in strict mode', () => {
    const { schema } = schemaValidator();
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['$id']).toBe('https://credcanary.dev/schema/credcanary.yaml.json');
  });

  it('accepts the DESIGN.md sample inventory', () => {
    const { validate } = schemaValidator();
    const ok = validate(parse(readFileSync(SAMPLE, 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects what the loader rejects: unknown keys, bad enums, a missing version, a bad source', () => {
    const { validate } = schemaValidator();
    const sample = parse(readFileSync(SAMPLE, 'utf8')) as Record<string, any>;
    const variants: Record<string, unknown>[] = [
      { ...sample, extra: true },
      { ...sample, forges: { core: { type: 'gittea', url: 'https://git.example.com' } } },
      { ...sample, version: 2 },
      (({ version: _omitted, ...rest }) => rest)(sample),
      { ...sample, credentials: { X: { ...sample['credentials'].AUTO_SYNC_TOKEN, source: { env: 'A', file: 'b' } } } },
    ];
    for (const variant of variants) expect(validate(variant)).toBe(false);
  });
});

describe('inventory errors through the CLI', () => {
  it('print every issue as file:line:column, exit 2, no stack, no secret', () => {
    const dir = tempDir('cc-cli-errors-');
    const token = 'ghp_PLANTEDcliToken0123456789abcdef';
    const file = join(dir, 'credcanary.yaml');
    writeFileSync(file, `version: 1\nforges:\n  core: { type: gittea, url: https://git.example.com }\ncredentials:\n  A: { forge: core, persona: bot, scopes: [], source: ${token} }\n`);
    const script = `
      const { loadInventory } = await import(${JSON.stringify(join(ROOT, 'dist/inventory/load.js'))});
      const { reportError } = await import(${JSON.stringify(join(ROOT, 'dist/cli/main.js'))});
      process.exitCode = await loadInventory(process.argv[1]).then(() => 0, reportError);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, file], { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'] } });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')).toEqual([
      'credcanary: invalid configuration (3 problems)',
      '  credcanary.yaml:3:17: forges.core.type: expected one of gitea, forgejo, github, gitlab, http, got "gittea" (did you mean "gitea"?)',
      '  credcanary.yaml:5:30: credentials.A.persona: unknown persona "bot"; no personas are defined',
      '  credcanary.yaml:5:55: credentials.A.source: expected a secret source: { env: NAME }, { file: PATH }, { envFile: PATH, key: NAME } or { command: [ARGV, ...] }, got a string',
      '',
    ]);
    expect(run.stderr).not.toContain(token);
  });
});
