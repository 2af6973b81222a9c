import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { tempDir } from '../testing/temp.js';
import { workflowTarget } from './workflow-dir.js';

/** A repository with these workflow folders. */
function repo(...folders: string[]): string {
  const dir = tempDir('credcanary-wfdir-');
  for (const f of folders) mkdirSync(join(dir, f), { recursive: true });
  return dir;
}

describe('where init workflow writes', () => {
  it.each([
    // [forge, existing folders, path written]
    ['gitea', [], '.gitea/workflows/credcanary.yml'],
    ['gitea', ['.github/workflows'], '.github/workflows/credcanary.yml'],
    ['gitea', ['.gitea/workflows', '.github/workflows'], '.gitea/workflows/credcanary.yml'],
    ['gitea', ['.forgejo/workflows', '.github/workflows'], '.github/workflows/credcanary.yml'],
    ['forgejo', [], '.forgejo/workflows/credcanary.yml'],
    ['forgejo', ['.github/workflows'], '.github/workflows/credcanary.yml'],
    ['forgejo', ['.gitea/workflows', '.github/workflows'], '.gitea/workflows/credcanary.yml'],
    ['forgejo', ['.forgejo/workflows', '.gitea/workflows'], '.forgejo/workflows/credcanary.yml'],
    ['github', ['.gitea/workflows'], '.github/workflows/credcanary.yml'],
    ['gitlab', ['.github/workflows'], '.gitlab-ci.yml'],
  ] as const)('%s with %j: %s', (forge, folders, path) => {
    expect(workflowTarget(forge, repo(...folders)).path).toBe(path);
  });

  it('says why, when it writes into .github/workflows for Gitea', () => {
    const { why } = workflowTarget('gitea', repo('.github/workflows'));
    expect(why).toContain('Gitea reads .github/workflows in this repository');
    expect(why).toContain('creating it would make Gitea ignore every workflow in .github/workflows');
  });

  it('names the folders the forge ignores', () => {
    expect(workflowTarget('gitea', repo('.gitea/workflows', '.github/workflows')).why).toContain('it ignores .github/workflows');
  });

  it('--dir overrides; not for GitLab', () => {
    expect(workflowTarget('gitea', repo('.github/workflows'), 'ci/flows')).toEqual({ path: 'ci/flows/credcanary.yml', why: '--dir ci/flows' });
    expect(() => workflowTarget('gitlab', repo(), 'ci')).toThrow(UserError);
  });
});
