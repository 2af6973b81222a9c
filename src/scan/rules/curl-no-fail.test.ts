import { describe, expect, it } from 'vitest';
import { lintText } from '../lint-text.js';
import { curlNoFail } from './curl-no-fail.js';

const sh = (body: string) => lintText('ops/job.sh', `#!/bin/bash\nset -euo pipefail\n${body}\n`, [curlNoFail]);

describe('curl-no-fail', () => {
  it('finds curl with an Authorization header and no --fail, at the curl', () => {
    const f = sh('curl -s -H "Authorization: token $GITEA_TOKEN" https://git.example.com/api/v1/repos/a/b/issues -d @body.json');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'curl-no-fail', line: 3, column: 1, confidence: 'high' });
  });

  it('follows a command continued over several lines and reports its first line', () => {
    const f = sh('echo start\ncurl -sS -X POST \\\n  -H "Authorization: Bearer ${API_TOKEN}" \\\n  https://api.example.com/deploy');
    expect(f.map((x) => x.line)).toEqual([4]);
  });

  it('finds a secret expression inside a workflow run step', () => {
    const text = `on: schedule
jobs:
  a:
    runs-on: x
    steps:
      - run: |
          curl -X POST -H "Authorization: token \${{ secrets.BOT_TOKEN }}" https://api.github.com/repos/a/b/dispatches
`;
    expect(lintText('.github/workflows/a.yml', text, [curlNoFail])).toHaveLength(1);
  });

  it('accepts -f in any short-option cluster, --fail, --fail-with-body and an http_code check', () => {
    expect(sh('curl -fsSL -H "Authorization: token $GITEA_TOKEN" https://h/api')).toEqual([]);
    expect(sh('curl -sSf -H "Authorization: token $GITEA_TOKEN" https://h/api')).toEqual([]);
    expect(sh('curl --fail-with-body -H "Authorization: token $GITEA_TOKEN" https://h/api')).toEqual([]);
    expect(sh('code=$(curl -s -o /dev/null -w "%{http_code}" -H "Authorization: token $GITEA_TOKEN" https://h/api)')).toEqual([]);
    expect(sh('curl -s -H "Authorization: token $GITEA_TOKEN" https://h/api | jq -e .login')).toEqual([]);
  });

  it('ignores curl without a credential, -F form fields, and curl in a comment', () => {
    expect(sh('curl -sL https://example.com/install.sh -o install.sh')).toEqual([]);
    expect(sh('# curl -H "Authorization: token $GITEA_TOKEN" https://h/api')).toEqual([]);
    expect(sh('curl -F file=@x.tgz -H "Authorization: token $GITEA_TOKEN" https://h/api')).toHaveLength(1);
  });
});
