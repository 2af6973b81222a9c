import { describe, expect, it } from 'vitest';
import { lintText } from '../lint-text.js';
import { prtCheckoutPrHead } from './prt-checkout-pr-head.js';

const lint = (text: string) => lintText('.github/workflows/w.yml', text, [prtCheckoutPrHead]);
const job = (on: string, checkoutWith: string, extra = '') => `on: ${on}
jobs:
  test:
    runs-on: ubuntu-latest
${extra}    steps:
      - uses: actions/checkout@v4
${checkoutWith}
      - run: npm ci && npm test
        env:
          NPM_TOKEN: \${{ secrets.NPM_TOKEN }}
`;

describe('prt-checkout-pr-head', () => {
  it('finds pull_request_target checking out the head sha with a secret, at the ref', () => {
    const f = lint(job('pull_request_target', '        with:\n          ref: ${{ github.event.pull_request.head.sha }}'));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 8, column: 16, severity: 'critical' });
    expect(f[0]?.message).toContain('NPM_TOKEN');
  });

  it('finds workflow_run checking out head_sha, and gh pr checkout in a script', () => {
    expect(lint(job('workflow_run', '        with:\n          ref: ${{ github.event.workflow_run.head_sha }}'))).toHaveLength(1);
    const text = `on: pull_request_target
permissions: { contents: write }
jobs:
  a:
    runs-on: x
    steps:
      - uses: actions/checkout@v4
      - run: gh pr checkout \${{ github.event.number }}
`;
    const f = lint(text);
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('high');
  });

  it('ignores pull_request_target with a base-branch checkout only', () => {
    expect(lint(job('pull_request_target', '        with:\n          fetch-depth: 0'))).toEqual([]);
  });

  it('ignores the head checkout under pull_request, and a read-only job with no secrets', () => {
    expect(lint(job('pull_request', '        with:\n          ref: ${{ github.event.pull_request.head.sha }}'))).toEqual([]);
    const readOnly = `on: pull_request_target
permissions: read-all
jobs:
  a:
    runs-on: x
    steps:
      - uses: actions/checkout@v4
        with: { ref: "\${{ github.event.pull_request.head.sha }}" }
`;
    expect(lint(readOnly)).toEqual([]);
  });

  it('ignores a job limited to same-repository pull requests', () => {
    expect(lint(job('pull_request_target', '        with:\n          ref: ${{ github.event.pull_request.head.sha }}', '    if: github.event.pull_request.head.repo.full_name == github.repository\n'))).toEqual([]);
  });

  it('ignores a head checkout that is only inside a comment', () => {
    expect(lint(job('pull_request_target', '        # with:\n        #   ref: ${{ github.event.pull_request.head.sha }}'))).toEqual([]);
    const run = `on: pull_request_target
jobs:
  a:
    runs-on: x
    steps:
      - run: |
          # gh pr checkout \${{ github.event.number }}
          echo "\${{ secrets.X }}" > /dev/null
`;
    expect(lint(run)).toEqual([]);
  });
});
