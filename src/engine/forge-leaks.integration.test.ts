// No secret leaks on GitHub and GitLab: a planted token, and the Basic pair each forge's git path is sent
// (`x-access-token:` on GitHub, `oauth2:` on GitLab), appear in no output of any format, no report file,
// no step summary and no debug log, whether the token works or was revoked.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubSim, type GitHubSim } from '../sim/github/index.js';
import { startGitLabSim, type GitLabSim } from '../sim/gitlab/index.js';
import { runCli } from '../testing/cli.js';

/** Every form in which a token could leak: raw, URL-encoded, base64, and base64 of each Basic pair git is given. */
function forms(token: string): string[] {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return [token, encodeURIComponent(token), b64(token), b64(`x-access-token:${token}`), b64(`oauth2:${token}`), b64(`ci-bot:${token}`)];
}

let dir: string;
let gh: GitHubSim;
let gl: GitLabSim;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'credcanary-forge-leaks-'));
  gh = await startGitHubSim();
  gh.addUser('ci-bot');
  gh.addOrg('acme');
  gh.addRepo({ owner: 'acme', name: 'core', private: true, files: { 'f.txt': 'remote\n' } });
  gh.setCollaborator('acme/core', 'ci-bot', 'push');
  tokens.GH_GOOD = gh.addClassicToken('ci-bot', { scopes: ['repo'] });
  tokens.GH_REVOKED = gh.addFineGrainedToken('ci-bot', { permissions: { contents: 'write' }, repositories: 'all' });
  gh.revokeToken(tokens.GH_REVOKED);
  gl = await startGitLabSim();
  gl.addUser('ci-bot');
  gl.addGroup('acme');
  gl.addProject({ namespace: 'acme', name: 'core', files: { 'f.txt': 'remote\n' } });
  gl.addMember('acme/core', 'ci-bot', 30);
  tokens.GL_GOOD = gl.addPersonalToken('ci-bot', { scopes: ['read_api', 'write_repository'] });
  tokens.GL_REVOKED = gl.addPersonalToken('ci-bot', { scopes: ['api'] });
  gl.revokeToken(tokens.GL_REVOKED);
  await writeFile(join(dir, 'f.txt'), 'local\n');
  const cred = (name: string, forge: string, scopes: string) =>
    `  ${name}: { forge: ${forge}, source: { env: ${name} }, persona: ci-bot, scopes: [${scopes}], repos: [{ repo: acme/core, access: push, branches: [main] }], files: [{ repo: acme/core, path: f.txt, local: f.txt }] }\n`;
  await writeFile(join(dir, 'credcanary.yaml'), `version: 1
forges:
  gh: { type: github, url: "${gh.url}" }
  gl: { type: gitlab, url: "${gl.url}" }
personas: { ci-bot: { kind: bot } }
credentials:
${cred('GH_GOOD', 'gh', 'repo')}${cred('GH_REVOKED', 'gh', 'repo')}${cred('GL_GOOD', 'gl', 'read_api, write_repository')}${cred('GL_REVOKED', 'gl', 'read_api, write_repository')}settings: { timeoutSeconds: 5, concurrency: 4, retries: 0 }
`);
});
afterAll(async () => {
  await gh.stop();
  await gl.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('a planted token never leaks on GitHub or GitLab', () => {
  it.each(['json', 'table', 'github', 'junit', 'markdown', 'plain'])('--format %s, with debug logs, an output file and a step summary', async (format) => {
    const output = join(dir, `report-${format}`);
    const summary = join(dir, `summary-${format}.md`);
    const r = await runCli(['check', '--config', join(dir, 'credcanary.yaml'), '--format', format, '--output', output, '--log-level', 'debug'], { ...tokens, GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(1);
    const texts: Array<[string, string]> = [['stdout', r.stdout], ['stderr', r.stderr], ['output', await readFile(output, 'utf8')]];
    if (format === 'github') texts.push(['summary', await readFile(summary, 'utf8')]);
    for (const [where, text] of texts) {
      for (const t of Object.values(tokens)) for (const f of forms(t)) expect(text.includes(f), `${where} holds a form of a token`).toBe(false);
    }
    // The run really probed both forges: the good tokens passed identity, the revoked ones failed it.
    if (format === 'json') {
      const report = JSON.parse(await readFile(output, 'utf8')) as { credentials: Array<{ name: string; probes: Array<{ id: string; status: string; class: string | null }> }> };
      const identity = (n: string) => report.credentials.find((c) => c.name === n)!.probes.find((p) => p.id === 'identity');
      expect(identity('GH_GOOD')?.status).toBe('pass');
      expect(identity('GL_GOOD')?.status).toBe('pass');
      expect(identity('GH_REVOKED')?.class).toBe('revoked');
      expect(identity('GL_REVOKED')?.class).toBe('revoked');
    }
  });
  it('the simulators\' request logs hold presentations, never values', () => {
    const logged = JSON.stringify([...gh.requests, ...gl.requests]);
    for (const t of Object.values(tokens)) for (const f of forms(t)) expect(logged.includes(f)).toBe(false);
    expect(gh.requests.some((q) => q.auth === 'basic')).toBe(true);
  });
});
