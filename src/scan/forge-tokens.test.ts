import { describe, expect, it } from 'vitest';
import { classifySecret, forgesInText, type SecretContext } from './forge-tokens.js';

const use = (line: string, over: Partial<SecretContext> = {}): SecretContext => ({ line, before: '', file: line, runsOn: null, ...over });

describe('forgesInText', () => {
  it('names the forge of each URL, without the credentials inside it', () => {
    expect(forgesInText('curl https://api.github.com/repos/a/b; git clone https://x:$T@gitlab.com/a/b.git')).toEqual([
      { type: 'github', url: 'https://api.github.com' },
      { type: 'gitlab', url: 'https://gitlab.com' },
    ]);
    expect(forgesInText('curl https://git.acme.test/api/v1/user https://code.acme.test/api/v4/projects https://codeberg.org/x')).toEqual([
      { type: 'gitea', url: 'https://git.acme.test' },
      { type: 'gitlab', url: 'https://code.acme.test' },
      { type: 'forgejo', url: 'https://codeberg.org' },
    ]);
    // A host that is a variable is a forge of unknown address.
    expect(forgesInText('curl "https://${GITEA_HOST}/api/v1/user"')).toEqual([{ type: 'gitea', url: null }]);
    expect(forgesInText('curl https://hooks.slack.com/services/x')).toEqual([]);
  });
});

describe('classifySecret', () => {
  it('leaves out what is not a forge token, saying why', () => {
    expect(classifySecret('PI_HOST', [use('ssh $PI_HOST')]).because).toContain('does not look like a token');
    expect(classifySecret('CHANNEL_ID', [use('x')]).forge).toBeNull();
    expect(classifySecret('SSH_PRIVATE_KEY', [use('x')]).because).toContain('SSH or signing key');
    expect(classifySecret('SLACK_BOT_TOKEN', [use('curl https://api.github.com')]).because).toBe('it belongs to slack, not to a forge');
    expect(classifySecret('REGISTRY_PASSWORD', [use('x')]).because).toContain('a password');
    expect(classifySecret('SOME_TOKEN', [use('echo $SOME_TOKEN')]).because).toBe('no forge URL or git command where it is used');
  });

  it('takes the forge from the name, the URLs on the line, the consumer, the CLI, or git in a workflow', () => {
    expect(classifySecret('GH_PAT', [use('x')]).forge).toEqual({ type: 'github', url: 'https://api.github.com' });
    expect(classifySecret('GITLAB_API_TOKEN', [use('curl https://lab.acme.test/api/v4/x')]).forge).toEqual({ type: 'gitlab', url: 'https://lab.acme.test' });
    // The line wins over the rest of the file, so a GitLab token in a workflow run by Gitea goes to GitLab.
    expect(classifySecret('MIRROR_TOKEN', [use('curl -H "PRIVATE-TOKEN: $T" https://gitlab.com/api/v4/projects/1', { file: 'https://git.acme.test/api/v1/x', runsOn: 'gitea' })]).forge).toEqual({
      type: 'gitlab',
      url: 'https://gitlab.com',
    });
    expect(classifySecret('DEPENDABOT_TOKEN', [use('gh pr merge --auto "$PR"')]).forge?.type).toBe('github');
    expect(classifySecret('SYNC_TOKEN', [use('git push https://bot:$SYNC_TOKEN@h/a.git', { runsOn: 'forgejo' })]).forge).toEqual({ type: 'forgejo', url: null });
    expect(classifySecret('CHECKOUT_TOKEN', [use('  token: ${{ secrets.CHECKOUT_TOKEN }}', { before: '- uses: actions/checkout@v4\n  with:', runsOn: 'gitea' })]).forge?.type).toBe('gitea');
    // `token:` of another action is not the forge's.
    expect(classifySecret('ATTIC_TOKEN', [use('  token: ${{ secrets.ATTIC_TOKEN }}', { before: '- uses: ryanccn/attic-action@v0', runsOn: 'gitea' })]).forge).toBeNull();
    // git against a host no URL names: a guess to confirm.
    expect(classifySecret('MIRROR_TOKEN', [use('git push https://bot:$MIRROR_TOKEN@git.acme.test/a/b.git')]).forge).toEqual({ type: 'gitea', url: 'https://git.acme.test', guessed: true });
  });
});
