import { describe, expect, it } from 'vitest';
import { lintText, analyzeText } from './lint-text.js';

// Real files are messy: every shape below is valid YAML but not a well-formed workflow. None may throw,
// and each still yields a consumer (or a diagnostic), never a crash of the scan.
const ODD = [
  'on: 3\njobs: 4\n',
  'on: [push]\njobs: [a, b]\n',
  'on: push\njobs:\n  a: just a string\n',
  'on: push\njobs:\n  a:\n    steps: run this\n',
  'on: push\njobs:\n  a:\n    steps:\n      - plain step\n      - [1, 2]\n      - run: [not, a, string]\n        env: [A, B]\n        with: 7\n',
  'on:\n  schedule: every day\njobs:\n  a:\n    env: { X: [1] }\n    if: 42\n    continue-on-error: maybe\n    steps: []\n',
  'on: push\njobs:\n  a:\n    uses: 17\n    secrets: [inherit]\n',
  '---\n...\n',
  '',
  '# only a comment\n',
  'on: push\njobs:\n  a:\n    steps:\n      - run: |\n\n\n',
  'on: &a push\njobs:\n  b:\n    runs-on: *a\n    steps:\n      - run: echo ${{ secrets[\'X\'] }}\n',
];

describe('odd workflow shapes', () => {
  it.each(ODD.map((t, i) => [i, t]))('shape %i neither throws nor loses the file', (_i, text) => {
    expect(() => lintText('.github/workflows/odd.yml', text as string)).not.toThrow();
    const a = analyzeText('.github/workflows/odd.yml', text as string);
    expect(a.consumer !== null || a.diagnostics.length > 0).toBe(true);
  });

  it('reads secrets["X"] index syntax', () => {
    expect(analyzeText('.github/workflows/odd.yml', ODD[11] ?? '').consumer?.secrets.map((s) => s.name)).toEqual(['X']);
  });

  it('reads odd GitLab, crontab and unit files without throwing', () => {
    for (const [path, text] of [
      ['.gitlab-ci.yml', 'include: 5\nvariables: [a]\njob:\n  script: 3\n'],
      ['.gitlab-ci.yml', 'job:\n  script:\n    - [nested, [list]]\n    - !reference [.x, script]\n'],
      ['etc/cron.d/x', 'not a cron line\n* * *\n@weekly\n'],
      ['x.service', '[Service]\nExecStart=\nEnvironmentFile=\n=\n'],
      ['x.timer', 'garbage'],
    ] as const) {
      expect(() => lintText(path, text)).not.toThrow();
    }
  });
});
