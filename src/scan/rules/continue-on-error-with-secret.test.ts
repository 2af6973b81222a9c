import { describe, expect, it } from 'vitest';
import { lintText } from '../lint-text.js';
import { continueOnErrorWithSecret } from './continue-on-error-with-secret.js';

const lint = (text: string) => lintText('.gitea/workflows/w.yml', text, [continueOnErrorWithSecret]);

describe('continue-on-error-with-secret', () => {
  it('finds a step that reads a secret through its env, at the continue-on-error value', () => {
    const f = lint(`on: push
jobs:
  sync:
    runs-on: x
    steps:
      - name: push mirror
        continue-on-error: true
        env:
          TOKEN: \${{ secrets.MIRROR_TOKEN }}
        run: git push "https://x:$TOKEN@h/a"
`);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 7, column: 28 });
    expect(f[0]?.message).toContain('MIRROR_TOKEN');
  });

  it('finds a step whose script reads a job-level env var mapped from a secret, and a job', () => {
    const f = lint(`on: schedule
jobs:
  a:
    runs-on: x
    continue-on-error: true
    env:
      API_KEY: \${{ secrets.DEPLOY_KEY }}
    steps:
      - run: ./deploy "$API_KEY"
        continue-on-error: true
`);
    expect(f.map((x) => x.line)).toEqual([5, 10]);
  });

  it('ignores continue-on-error on a step with no secret, even when the job has one', () => {
    expect(
      lint(`on: push
jobs:
  a:
    runs-on: x
    env:
      TOKEN: \${{ secrets.MIRROR_TOKEN }}
    steps:
      - run: npm run lint
        continue-on-error: true
      - run: git push "https://x:$TOKEN@h/a"
`),
    ).toEqual([]);
  });

  it('ignores the automatic GITHUB_TOKEN and continue-on-error: false', () => {
    expect(
      lint(`on: push
jobs:
  a:
    runs-on: x
    steps:
      - uses: actions/github-script@v7
        continue-on-error: true
        with: { github-token: "\${{ secrets.GITHUB_TOKEN }}" }
      - run: echo \${{ secrets.X }}
        continue-on-error: false
`),
    ).toEqual([]);
  });

  it('ignores continue-on-error that is only inside a comment', () => {
    expect(
      lint(`on: push
jobs:
  a:
    runs-on: x
    steps:
      # continue-on-error: true
      - run: ./deploy "\${{ secrets.DEPLOY_KEY }}"
        # continue-on-error: true
`),
    ).toEqual([]);
  });
});
