import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROBE_BRANCH, writeProbeRepository } from './probe-repo.js';

describe('writeProbeRepository', () => {
  it('writes a repository the real git accepts: fsck clean, one empty commit on the probe branch', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'credcanary-probe-repo-'));
    try {
      const gitDir = join(dir, 'repo.git');
      const sha = await writeProbeRepository(gitDir);
      const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1' } }).trim();
      expect(git('rev-parse', 'HEAD')).toBe(sha);
      expect(git('rev-parse', '--abbrev-ref', 'HEAD')).toBe(PROBE_BRANCH);
      expect(git('cat-file', '-t', sha)).toBe('commit');
      expect(git('ls-tree', sha)).toBe('');
      expect(() => git('fsck', '--strict')).not.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
