import { describe, expect, it } from 'vitest';
import { lintText } from '../lint-text.js';
import { tokenInUrl } from './token-in-url.js';

const wf = (run: string, env = '          TOKEN: ${{ secrets.MIRROR_TOKEN }}') => `on: push
jobs:
  mirror:
    runs-on: ubuntu-latest
    steps:
      - name: push
        env:
${env}
        run: |
${run.split('\n').map((l) => `          ${l}`).join('\n')}
`;
const lint = (text: string, path = '.github/workflows/m.yml') => lintText(path, text, [tokenInUrl]);

describe('token-in-url', () => {
  it('finds a mapped secret in the password position, on the script line inside the block scalar', () => {
    const f = lint(wf('git fetch --all\ngit push https://bot:${TOKEN}@git.example.com/acme/core.git main'));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'token-in-url', line: 11, column: 20, severity: 'high', confidence: 'high' });
    expect(f[0]?.message).toContain('$TOKEN');
  });

  it('finds x-access-token:${{ secrets.X }}@ and oauth2:$T@ forms', () => {
    expect(lint(wf('git remote add gh "https://x-access-token:${{ secrets.GH_PAT }}@github.com/a/b"'))).toHaveLength(1);
    expect(lint(wf('git clone https://oauth2:$TOKEN@gitlab.com/a/b'))).toHaveLength(1);
  });

  it('finds a token-named variable as the whole userinfo, and ?access_token=', () => {
    expect(lint('#!/bin/sh\ngit clone https://$GITHUB_PAT@github.com/a/b\n', 'ops/mirror.sh')).toHaveLength(1);
    const q = lint('#!/bin/sh\ncurl -f "https://git.example.com/api/v1/user?access_token=$GITEA_TOKEN"\n', 'ops/q.sh');
    expect(q).toHaveLength(1);
    expect(q[0]?.message).toContain('access_token=');
  });

  it('ignores the pattern inside a shell comment and a YAML comment', () => {
    expect(lint(wf('# git push https://bot:${TOKEN}@git.example.com/a/b\ngit push origin main'))).toEqual([]);
    expect(lint('on: push\n# run: git push https://bot:${{ secrets.X }}@h/a\njobs: {}\n')).toEqual([]);
  });

  it('ignores a user name alone, and writing the git credential store', () => {
    expect(lint(wf('git clone https://${{ github.actor }}@github.com/a/b'))).toEqual([]);
    expect(lint(wf('echo "https://bot:${TOKEN}@git.example.com" > ~/.git-credentials'))).toEqual([]);
  });

  it('rates the platform job token lower than a real secret', () => {
    const f = lint('build:\n  script:\n    - git clone https://gitlab-ci-token:${CI_JOB_TOKEN}@gitlab.com/a/b\n', '.gitlab-ci.yml');
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('medium');
  });
});
