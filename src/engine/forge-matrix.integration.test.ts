// The probe matrix on GitHub and GitLab (issue 12): valid, revoked, wrong identity, missing scope, expired,
// expiring, rate-limited, App/project token and fine-grained token, each through the engine against the
// simulator's mode of that forge, with the verdicts designed for it (docs/providers/*.md).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterConfig } from '../init/config.js';
import { loadInventory, parseInventory } from '../inventory/load.js';
import type { Report } from '../report/model.js';
import { startGitHubSim, type GitHubSim } from '../sim/github/index.js';
import { startGitLabSim, type GitLabSim } from '../sim/gitlab/index.js';
import { checkInventory } from './run-check.js';

const DAY = 86_400_000;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'credcanary-matrix-'));
  await writeFile(join(dir, 'a.txt'), 'hello\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** One credential of the inventory: persona, scopes and the rest as YAML flow text. */
function cred(name: string, persona: string, scopes: string[], extra = ''): string {
  return `  ${name}: { forge: f, source: { env: ${name} }, persona: ${persona}, scopes: [${scopes.join(', ')}]${extra ? `, ${extra}` : ''} }\n`;
}

async function run(type: string, url: string, personas: string, credentials: string, env: Record<string, string>, only?: string[]): Promise<Report> {
  const file = join(dir, `${type}.yaml`);
  await writeFile(file, `version: 1\nforges: { f: { type: ${type}, url: "${url}" } }\npersonas: { ${personas} }\ncredentials:\n${credentials}settings: { timeoutSeconds: 5, concurrency: 4, retries: 1 }\n`);
  return checkInventory(await loadInventory(file), { env, ...(only ? { only } : {}) });
}

type Row = [string, string, string | undefined, string, string | null];
/** The rows every forge shares: a healthy credential passes everything; revoked, wrong identity and missing scope fail. */
const SHARED_ROWS: Row[] = [
    ['VALID', 'identity', undefined, 'pass', null],
    ['VALID', 'scopes', undefined, 'pass', null],
    ['VALID', 'repo-access', 'acme/core', 'pass', null],
    ['VALID', 'branch-push', 'acme/core@staging', 'pass', null],
    ['VALID', 'git-auth', 'acme/core', 'pass', null],
    ['VALID', 'file-drift', undefined, 'pass', null],
    ['VALID', 'expiry', undefined, 'pass', null],
    ['REVOKED', 'identity', undefined, 'fail', 'revoked'],
    ['WRONG', 'identity', undefined, 'fail', 'wrong-persona'],
    ['MISSING_SCOPE', 'scopes', undefined, 'fail', 'scope-missing'],
];

function verdictOf(report: Report, credential: string, probe: string, target?: string) {
  const c = report.credentials.find((x) => x.name === credential);
  const v = c?.probes.find((p) => p.id === probe && (target === undefined || p.target === target));
  return v ? { status: v.status, class: v.class } : null;
}

describe('GitHub', () => {
  let s: GitHubSim;
  let report: Report;
  const env: Record<string, string> = {};
  beforeAll(async () => {
    s = await startGitHubSim();
    s.addUser('ci-bot');
    s.addUser('other-bot');
    s.addUser('admin-bot');
    s.addOrg('acme', { owners: ['admin-bot'] });
    s.addRepo({ owner: 'acme', name: 'core', private: true, branches: ['staging'], files: { 'a.txt': 'hello\n' } });
    s.setCollaborator('acme/core', 'ci-bot', 'push');
    s.protectBranch('acme/core', 'main', { restrictUsers: ['admin-bot'] });
    const later = new Date(Date.now() + 90 * DAY);
    env.VALID = s.addClassicToken('ci-bot', { scopes: ['repo'], expiresAt: later });
    env.REVOKED = s.addClassicToken('ci-bot', { scopes: ['repo'] });
    s.revokeToken(env.REVOKED);
    env.WRONG = s.addClassicToken('other-bot', { scopes: ['repo'] });
    env.MISSING_SCOPE = s.addClassicToken('ci-bot', { scopes: ['read:user'] });
    env.EXPIRED = s.addClassicToken('ci-bot', { scopes: ['repo'], expiresAt: new Date(Date.now() - DAY) });
    env.EXPIRING = s.addClassicToken('ci-bot', { scopes: ['repo'], expiresAt: new Date(Date.now() + 3 * DAY), expiryFormat: 'offset' });
    env.RATE_LIMITED = s.addClassicToken('ci-bot', { scopes: ['repo'] });
    s.exhaustRateLimit(env.RATE_LIMITED, 403);
    env.APP = s.addInstallationToken({ appSlug: 'deployer', permissions: { contents: 'write' }, repositories: ['acme/core'] });
    env.FINE = s.addFineGrainedToken('ci-bot', { permissions: { contents: 'write' }, repositories: ['acme/core'], expiresAt: later });
    env.FINE_NARROW = s.addFineGrainedToken('ci-bot', { permissions: {}, repositories: ['acme/core'] });
    s.addOrg('sso-org', { sso: true });
    s.addRepo({ owner: 'sso-org', name: 'app', private: true });
    s.setCollaborator('sso-org/app', 'ci-bot', 'push');
    env.SSO = s.addClassicToken('ci-bot', { scopes: ['repo'] });
    const core = "repos: [{ repo: acme/core, access: push, branches: [staging] }]";
    report = await run('github', s.url, 'ci-bot: { kind: bot }',
      cred('VALID', 'ci-bot', ['repo'], `${core}, files: [{ repo: acme/core, path: a.txt, ref: main, local: a.txt }]`) +
      cred('REVOKED', 'ci-bot', ['repo']) +
      cred('WRONG', 'ci-bot', ['repo']) +
      cred('MISSING_SCOPE', 'ci-bot', ['repo']) +
      cred('EXPIRED', 'ci-bot', ['repo']) +
      cred('EXPIRING', 'ci-bot', ['repo']) +
      cred('RATE_LIMITED', 'ci-bot', ['repo']) +
      cred('APP', 'ci-bot', ['contents=write'], core) +
      cred('FINE', 'ci-bot', ['contents=read', 'metadata=read'], core) +
      cred('FINE_NARROW', 'ci-bot', ['contents=read'], "repos: [{ repo: acme/core, access: pull }]") +
      cred('PROTECTED', 'ci-bot', ['repo'], "repos: [{ repo: acme/core, access: push, branches: [main] }]") +
      cred('SSO', 'ci-bot', ['repo'], "repos: [{ repo: sso-org/app, access: pull }]"),
      { ...env, PROTECTED: env.VALID! });
  }, 60_000);
  afterAll(() => s.stop());

  it.each<Row>([
    ...SHARED_ROWS,
    // GitHub answers an expired token exactly like a revoked one (401 Bad credentials).
    ['EXPIRED', 'identity', undefined, 'fail', 'revoked'],
    ['EXPIRING', 'expiry', undefined, 'warn', 'expiring'],
    ['RATE_LIMITED', 'identity', undefined, 'inconclusive', 'rate-limited'],
    ['RATE_LIMITED', 'scopes', undefined, 'skipped', null],
    ['APP', 'identity', undefined, 'warn', 'persona-unverified'],
    ['APP', 'repo-access', 'acme/core', 'pass', null],
    ['APP', 'git-auth', 'acme/core', 'pass', null],
    ['FINE', 'identity', undefined, 'pass', null],
    ['FINE', 'scopes', undefined, 'pass', null],
    ['FINE', 'git-auth', 'acme/core', 'pass', null],
    ['FINE_NARROW', 'scopes', undefined, 'fail', 'scope-missing'],
    ['PROTECTED', 'branch-push', 'acme/core@main', 'warn', 'push-unverified'],
    ['SSO', 'repo-access', 'sso-org/app', 'fail', 'access-lost'],
  ])('%s %s %s → %s %s', (credential, probe, target, status, cls) => {
    expect(verdictOf(report, credential, probe, target)).toEqual({ status, class: cls });
  });

  it('a rate-limited token is never retried into a lockout and never fails: the run has no fail from it', () => {
    const c = report.credentials.find((x) => x.name === 'RATE_LIMITED')!;
    expect(c.probes.filter((p) => p.id !== 'presence').every((p) => p.status !== 'fail' && p.status !== 'pass')).toBe(true);
  });
});

describe('GitLab', () => {
  let s: GitLabSim;
  let report: Report;
  let bot = '';
  const env: Record<string, string> = {};
  const date = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
  beforeAll(async () => {
    s = await startGitLabSim();
    s.addUser('ci-bot');
    s.addUser('other-bot');
    s.addGroup('acme');
    s.addProject({ namespace: 'acme', name: 'core', branches: ['staging'], files: { 'a.txt': 'hello\n' } });
    s.addMember('acme/core', 'ci-bot', 30);
    s.protectBranch('acme/core', 'main', { pushAccessLevel: 40 });
    const scopes = ['read_api', 'write_repository'];
    env.VALID = s.addPersonalToken('ci-bot', { scopes, expiresAt: date(90) });
    env.REVOKED = s.addPersonalToken('ci-bot', { scopes });
    s.revokeToken(env.REVOKED);
    env.WRONG = s.addPersonalToken('other-bot', { scopes });
    env.MISSING_SCOPE = s.addPersonalToken('ci-bot', { scopes: ['read_user'] });
    env.EXPIRED = s.addPersonalToken('ci-bot', { scopes, expiresAt: date(-1) });
    env.EXPIRING = s.addPersonalToken('ci-bot', { scopes, expiresAt: date(3) });
    env.BROAD = s.addPersonalToken('ci-bot', { scopes: ['api'] });
    const p = s.addProjectToken('acme/core', { scopes, accessLevel: 30 });
    env.PROJECT = p.token;
    bot = p.bot;
    const core = "repos: [{ repo: acme/core, access: push, branches: [staging] }]";
    report = await run('gitlab', s.url, `ci-bot: { kind: bot }, ${bot}: { kind: bot }`,
      cred('VALID', 'ci-bot', scopes, `${core}, files: [{ repo: acme/core, path: a.txt, ref: main, local: a.txt }]`) +
      cred('REVOKED', 'ci-bot', scopes) +
      cred('WRONG', 'ci-bot', scopes) +
      cred('MISSING_SCOPE', 'ci-bot', scopes) +
      cred('EXPIRED', 'ci-bot', scopes) +
      cred('EXPIRING', 'ci-bot', scopes) +
      cred('BROAD', 'ci-bot', scopes) +
      cred('PROJECT', bot, scopes, core) +
      cred('PROTECTED', 'ci-bot', scopes, "repos: [{ repo: acme/core, access: push, branches: [main] }]"),
      { ...env, PROTECTED: env.VALID! });
  }, 60_000);
  afterAll(() => s.stop());

  it.each<Row>([
    ...SHARED_ROWS,
    // GitLab says which: "Token is expired".
    ['EXPIRED', 'identity', undefined, 'fail', 'expired'],
    ['EXPIRING', 'expiry', undefined, 'warn', 'expiring'],
    ['BROAD', 'scopes', undefined, 'warn', 'scope-excess'],
    ['PROJECT', 'identity', undefined, 'pass', null],
    ['PROJECT', 'git-auth', 'acme/core', 'pass', null],
    ['PROTECTED', 'branch-push', 'acme/core@main', 'fail', 'push-denied'],
    ['PROTECTED', 'git-auth', 'acme/core', 'pass', null],
  ])('%s %s %s → %s %s', (credential, probe, target, status, cls) => {
    expect(verdictOf(report, credential, probe, target)).toEqual({ status, class: cls });
  });

  it('rate-limited (429 with Retry-After, retried within bounds) is inconclusive, never a fail', async () => {
    s.rateLimit({ times: 50, retryAfter: 0 });
    const r = await run('gitlab', s.url, 'ci-bot: { kind: bot }', cred('VALID', 'ci-bot', ['read_api', 'write_repository']), env, ['VALID']);
    expect(verdictOf(r, 'VALID', 'identity')).toEqual({ status: 'inconclusive', class: 'rate-limited' });
    expect(r.credentials[0]!.probes.some((p) => p.id !== 'presence' && (p.status === 'fail' || p.status === 'pass'))).toBe(false);
  });
});

describe('init config --forge github|gitlab: the starter checks against the simulator', () => {
  it.each(['github', 'gitlab'] as const)('%s', async (forgeType) => {
    const sim = forgeType === 'github' ? await startGitHubSim() : await startGitLabSim();
    try {
      let token: string;
      if (forgeType === 'github') {
        const g = sim as GitHubSim;
        g.addUser('ci-bot');
        g.addOrg('acme');
        g.addRepo({ owner: 'acme', name: 'core', private: true });
        g.setCollaborator('acme/core', 'ci-bot', 'pull');
        token = g.addClassicToken('ci-bot', { scopes: ['repo'] });
      } else {
        const g = sim as GitLabSim;
        g.addUser('ci-bot');
        g.addGroup('acme');
        g.addProject({ namespace: 'acme', name: 'core' });
        g.addMember('acme/core', 'ci-bot', 20);
        token = g.addPersonalToken('ci-bot', { scopes: ['read_api', 'read_repository'] });
      }
      const text = starterConfig({ forgeType }).replace(/url: https:\/\/git(hub|lab)\.com/, `url: "${sim.url}"`);
      const report = await checkInventory(parseInventory(text, join(dir, `starter-${forgeType}.yaml`)), { env: { AUTO_SYNC_TOKEN: token } });
      const probes = Object.fromEntries(report.credentials[0]!.probes.map((p) => [`${p.id}${p.target ? ` ${p.target}` : ''}`, p.status]));
      expect(probes).toMatchObject({ presence: 'pass', identity: 'pass', scopes: 'pass', 'repo-access acme/core': 'pass', expiry: 'pass' });
    } finally {
      await sim.stop();
    }
  });
});

describe('issue 9 rules on GitHub and GitLab: transient controls, fronts, a wrong base URL', () => {
  async function githubWorld(): Promise<{ sim: GitHubSim; token: string }> {
    const sim = await startGitHubSim();
    sim.addUser('ci-bot');
    sim.addOrg('acme');
    sim.addRepo({ owner: 'acme', name: 'core', private: true });
    sim.setCollaborator('acme/core', 'ci-bot', 'push');
    return { sim, token: sim.addClassicToken('ci-bot', { scopes: ['repo'] }) };
  }
  const creds = cred('T', 'ci-bot', ['repo'], 'repos: [{ repo: acme/core, access: pull }]');

  it('GitHub: a transient anonymous control (503 to requests without a token) never lets identity pass', async () => {
    const { sim, token } = await githubWorld();
    try {
      sim.faults.add({ match: { auth: 'anonymous', pathPrefix: '/api/v3/user' }, status: 503 });
      const r = await run('github', sim.url, 'ci-bot: { kind: bot }', creds, { T: token });
      expect(verdictOf(r, 'T', 'identity')).toEqual({ status: 'inconclusive', class: 'unreachable' });
      expect(verdictOf(r, 'T', 'repo-access', 'acme/core')?.status).toBe('skipped');
    } finally {
      await sim.stop();
    }
  });

  it('GitHub: an HTML 403 front for everyone is not the token\'s fault, and a Bearer header it echoes is scrubbed', async () => {
    const { sim, token } = await githubWorld();
    try {
      sim.faults.add({ status: 403, as: 'html', echoAuthorization: true });
      const r = await run('github', sim.url, 'ci-bot: { kind: bot }', creds, { T: token });
      expect(verdictOf(r, 'T', 'identity')).toEqual({ status: 'inconclusive', class: 'unexpected-response' });
      expect(JSON.stringify(r)).not.toContain(token);
    } finally {
      await sim.stop();
    }
  });

  it('GitHub and GitLab: a url where no forge API answers asks for the base URL and blames no one', async () => {
    const { sim, token } = await githubWorld();
    const gl = await startGitLabSim();
    try {
      const r = await run('github', `${sim.url}/not-github`, 'ci-bot: { kind: bot }', creds, { T: token });
      const v = r.credentials[0]!.probes.find((p) => p.id === 'identity')!;
      expect(v).toMatchObject({ status: 'inconclusive', class: 'unexpected-response' });
      expect(v.summary).toContain("Is `url` the forge's base URL?");
      expect(r.credentials[0]!.probes.some((p) => p.status === 'fail')).toBe(false);
      const g = await run('gitlab', `${gl.url}/not-gitlab`, 'ci-bot: { kind: bot }', cred('T', 'ci-bot', ['read_api']), { T: 'glpat-aaaaaaaaaaaaaaaaaaaa' });
      expect(g.credentials[0]!.probes.find((p) => p.id === 'identity')!.summary).toContain("Is `url` the forge's base URL?");
    } finally {
      await sim.stop();
      await gl.stop();
    }
  });
});

it('GitHub: a used-up anonymous quota (403 to the control) is no definitive denial: identity is rate-limited, never a pass', async () => {
  const sim = await startGitHubSim();
  try {
    sim.addUser('ci-bot');
    const token = sim.addClassicToken('ci-bot', { scopes: [] });
    sim.exhaustRateLimit(null, 403);
    const r = await run('github', sim.url, 'ci-bot: { kind: bot }', cred('T', 'ci-bot', []), { T: token });
    expect(verdictOf(r, 'T', 'identity')).toEqual({ status: 'inconclusive', class: 'rate-limited' });
  } finally {
    await sim.stop();
  }
});
