import { describe, expect, it } from 'vitest';
import { GITHUB_ALGEBRA, GITLAB_ALGEBRA, scopeAlgebra } from './scope-algebra.js';

describe('scope algebras', () => {
  it('GitHub: repo covers its sub-scopes; broader grants are excess; permission entries are not classic scopes', () => {
    expect(GITHUB_ALGEBRA.compare(['public_repo', 'repo:status'], ['repo'])).toEqual({ missing: [], excess: ['repo'] });
    expect(GITHUB_ALGEBRA.compare(['repo'], ['repo'])).toEqual({ missing: [], excess: [] });
    expect(GITHUB_ALGEBRA.compare(['repo', 'read:org'], ['public_repo', 'admin:org'])).toEqual({ missing: ['repo'], excess: ['admin:org'] });
    expect(GITHUB_ALGEBRA.compare(['read:user'], ['user'])).toEqual({ missing: [], excess: ['user'] });
    expect(GITHUB_ALGEBRA.compare(['repo', 'contents=read'], ['repo']).missing).toEqual([]);
    expect(() => GITHUB_ALGEBRA.validate(['repo', 'contents=write'])).not.toThrow();
    expect(() => GITHUB_ALGEBRA.validate(['write:repository'])).toThrow(/unknown GitHub scope "write:repository"/);
  });
  it('GitLab: api covers the read scopes and git writes, and is excess when less would do', () => {
    expect(GITLAB_ALGEBRA.compare(['read_api', 'write_repository'], ['api'])).toEqual({ missing: [], excess: ['api'] });
    expect(GITLAB_ALGEBRA.compare(['read_api', 'write_repository'], ['read_api', 'write_repository'])).toEqual({ missing: [], excess: [] });
    expect(GITLAB_ALGEBRA.compare(['write_repository'], ['read_repository']).missing).toEqual(['write_repository']);
    expect(() => GITLAB_ALGEBRA.validate(['read:user'])).toThrow(/unknown GitLab scope/);
  });
  it('Gitea keeps its categories', () => {
    expect(scopeAlgebra('gitea').compare(['write:repository'], ['all']).excess.length).toBeGreaterThan(0);
    expect(scopeAlgebra('forgejo').compare(['read:user'], ['read:user']).missing).toEqual([]);
  });
});
