import { describe, expect, it } from 'vitest';
import { lintText } from '../lint-text.js';
import { secretsInherit } from './secrets-inherit.js';

const lint = (text: string) => lintText('.github/workflows/w.yml', text, [secretsInherit]);

describe('secrets-inherit', () => {
  it('finds secrets: inherit on a reusable-workflow call, at the value', () => {
    const f = lint('on: push\njobs:\n  build:\n    uses: ./.github/workflows/build.yml\n    secrets: inherit\n');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ line: 5, column: 14 });
    expect(f[0]?.message).toContain('./.github/workflows/build.yml');
  });

  it('ignores explicit secrets, and the word inherit elsewhere', () => {
    expect(lint('on: push\njobs:\n  build:\n    uses: ./.github/workflows/build.yml\n    secrets:\n      TOKEN: ${{ secrets.TOKEN }}\n')).toEqual([]);
    expect(lint('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo "secrets: inherit"\n')).toEqual([]);
    expect(lint('on: push\n# secrets: inherit\njobs: {}\n')).toEqual([]);
  });
});
