import { describe, expect, it } from 'vitest';
import { lintText } from '../lint-text.js';
import { failOpenMissingSecret, presenceGuard } from './fail-open-missing-secret.js';

const lint = (text: string, path = '.gitea/workflows/sync.yml') => lintText(path, text, [failOpenMissingSecret]);
const wf = (on: string, run: string) => `on: ${on}
jobs:
  sync:
    runs-on: x
    steps:
      - env:
          AUTO_SYNC_TOKEN: \${{ secrets.AUTO_SYNC_TOKEN }}
        run: |
${run.split('\n').map((l) => `          ${l}`).join('\n')}
`;

describe('fail-open-missing-secret', () => {
  it('finds exit 0 after an emptiness test in a scheduled workflow, at the test', () => {
    const f = lint(wf('\n  schedule:\n    - cron: "17 */6 * * *"', 'if [ -z "$AUTO_SYNC_TOKEN" ]; then\n  echo "::warning::no token, skipping"\n  exit 0\nfi\ngit push'));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 11, column: 14, severity: 'high', confidence: 'high' });
    expect(f[0]?.message).toContain('AUTO_SYNC_TOKEN');
    expect(f[0]?.remedy).toContain('credcanary gate');
  });

  it('finds the one-line forms: [ -z ] && exit 0, [ -n ] || exit 0, and a skip output', () => {
    expect(lint(wf('push', '[ -z "${AUTO_SYNC_TOKEN:-}" ] && { echo skip; exit 0; }'))).toHaveLength(1);
    expect(lint(wf('push', '[ -n "$AUTO_SYNC_TOKEN" ] || exit 0'))).toHaveLength(1);
    expect(lint(wf('workflow_dispatch', 'if [ -z "$AUTO_SYNC_TOKEN" ]; then\n  echo "skip=true" >> "$GITHUB_OUTPUT"\nfi'))).toHaveLength(1);
  });

  it('finds if: guards on a secret and on an env var derived from one', () => {
    const text = `on: push
env:
  HAS_TOKEN: \${{ secrets.DEPLOY_TOKEN != '' }}
jobs:
  a:
    runs-on: x
    steps:
      - if: env.HAS_TOKEN == 'true'
        run: ./deploy
      - if: env.HAS_TOKEN == 'true'
        run: ./announce
`;
    const f = lint(text);
    expect(f).toHaveLength(1);
    expect(f[0]?.line).toBe(8);
    expect(f[0]?.message).toContain('1 more step');
    expect(presenceGuard("secrets.X != ''", new Map())).toBe('X');
    expect(presenceGuard("secrets.X == ''", new Map())).toBeNull();
    expect(presenceGuard('!secrets.X', new Map())).toBeNull();
  });

  it('ignores exit 0 on a missing secret in a PR-only workflow', () => {
    expect(lint(wf('pull_request', 'if [ -z "$AUTO_SYNC_TOKEN" ]; then\n  exit 0\nfi'))).toEqual([]);
  });

  it('ignores a missing secret that fails the job, and tests of non-secrets', () => {
    expect(lint(wf('push', 'if [ -z "$AUTO_SYNC_TOKEN" ]; then\n  echo "::error::AUTO_SYNC_TOKEN missing"\n  exit 1\nfi'))).toEqual([]);
    expect(lint(wf('push', 'if [ -z "$CHANGED_FILES" ]; then\n  exit 0\nfi'))).toEqual([]);
  });

  it('ignores the pattern inside a comment', () => {
    expect(lint(wf('push', '# [ -z "$AUTO_SYNC_TOKEN" ] && exit 0\ngit push'))).toEqual([]);
  });

  it('rates a workflow with both push and pull_request triggers medium', () => {
    const f = lint(wf('[push, pull_request]', '[ -z "$AUTO_SYNC_TOKEN" ] && exit 0'));
    expect(f[0]?.confidence).toBe('medium');
  });
});
