import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli.js';

// `credcanary demo` as a newcomer runs it: the report says FAIL (the credentials are broken on purpose)
// and the demo says why it still exits 0; it names no path it is about to delete; --keep keeps it.

describe('credcanary demo (CLI)', () => {
  it('explains its exit code and claims no temporary path it deletes', async () => {
    const r = await runCli(['demo', '--no-color'], { HOME: process.env['HOME'] ?? '/tmp' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('overall: FAIL (exit 1)');
    expect(r.stdout).toContain('exit 0: every verdict came out as designed');
    expect(r.stdout).toContain('wrote the inventory to a temporary folder (removed at the end; --keep keeps it)');
    expect(r.stdout).not.toMatch(/(wrote|running|kept).*credcanary-demo-\w+/);
  }, 120_000);

  it('--keep keeps the folder it names; a machine format keeps stdout one document', async () => {
    const r = await runCli(['demo', '--keep', '--format', 'json'], { HOME: process.env['HOME'] ?? '/tmp' });
    const kept = /kept (\S+)/.exec(r.stderr)?.[1];
    try {
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ schema: 'credcanary.report/v1', status: 'fail' });
      expect(r.stderr).toContain('exit 0: every verdict came out as designed');
      expect(kept).toBeDefined();
      expect(existsSync(join(kept ?? '', 'credcanary.yaml'))).toBe(true);
    } finally {
      if (kept) rmSync(kept, { recursive: true, force: true });
    }
  }, 120_000);
});
