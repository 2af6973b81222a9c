import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../testing/cli.js';

const BUNDLE = fileURLToPath(new URL('../../../dist/credcanary.mjs', import.meta.url));

describe('the daemon stays out of the single-file bundle', () => {
  it('the bundle carries none of the daemon\'s libraries, so check/gate/scan never parse them', () => {
    const text = readFileSync(BUNDLE, 'utf8');
    for (const library of ['fastify', 'kysely', 'prom-client']) expect(text).not.toContain(`node_modules/${library}/`);
  });

  it('serve and heartbeat from the bundle exit 2 and say to use the installed package', () => {
    for (const args of [['serve'], ['heartbeat', 'urls']]) {
      const r = spawnSync(process.execPath, [BUNDLE, ...args], { encoding: 'utf8', timeout: 30_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('not in the single-file credcanary');
      expect(r.stderr).toContain('npm install -g');
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });

  it('the installed package\'s command still runs them (a missing inventory is a usage error, exit 2)', async () => {
    const r = await runCli(['heartbeat', 'urls', '--config', '/nonexistent/credcanary.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('inventory not found');
  });
});
