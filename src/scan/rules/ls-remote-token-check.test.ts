import { describe, expect, it } from 'vitest';
import { lintText } from '../lint-text.js';
import { lsRemoteTokenCheck } from './ls-remote-token-check.js';

const sh = (body: string) => lintText('ops/check.sh', `#!/bin/sh\n${body}\n`, [lsRemoteTokenCheck]);

describe('ls-remote-token-check', () => {
  it('finds ls-remote as the test of whether a token works', () => {
    const f = sh('if git ls-remote "https://bot:${BOT_TOKEN}@git.example.com/acme/core.git" >/dev/null 2>&1; then\n  echo "token OK"\nelse\n  echo "token invalid"; exit 1\nfi');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 2, column: 4, confidence: 'high' });
  });

  it('finds the && / || forms and git fetch used the same way', () => {
    expect(sh('git ls-remote "$REPO_URL" HEAD >/dev/null || { echo "credentials rejected"; exit 1; }')).toHaveLength(1);
    expect(sh('git fetch -q origin && echo "auth works"')).toHaveLength(1);
  });

  it('ignores ls-remote used only to list refs (captured or piped)', () => {
    expect(sh('SHA=$(git ls-remote origin refs/heads/main | cut -f1)\necho "token-free listing $SHA"')).toEqual([]);
    expect(sh('git ls-remote --tags origin | grep v1')).toEqual([]);
  });

  it('ignores a branch-existence test whose branches say nothing about credentials', () => {
    expect(sh('if git ls-remote --exit-code --heads origin "$BRANCH" >/dev/null 2>&1; then\n  git fetch origin "$BRANCH"\nelse\n  echo "new branch"\nfi')).toEqual([]);
  });

  it('ignores the pattern inside a comment', () => {
    expect(sh('# if git ls-remote "$URL" >/dev/null; then echo "token ok"; fi\ntrue')).toEqual([]);
  });
});
