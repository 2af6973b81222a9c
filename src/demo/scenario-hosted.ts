import { randomBytes } from 'node:crypto';
import type { GitHubSim } from '../sim/github/index.js';
import type { GitLabSim } from '../sim/gitlab/index.js';
import type { DemoExpectation, DemoWorld } from './scenario.js';

// `credcanary demo --forge github|gitlab`: the same story as the Gitea demo on the two hosted forges, with
// the failure classes that are theirs — expiry dates, rate limits, App installation and project tokens,
// fine-grained permissions — beside the ones every forge has.

const DAY = 86_400_000;
const PROVIDERS_YAML = 'providers:\n  - name: core\n    url: https://git.example.com\n';
const FILES = {
  'providers.yaml': PROVIDERS_YAML,
  'providers-stale.yaml': `${PROVIDERS_YAML}  - name: legacy\n    url: https://old.example.com\n`,
};

/** One credential line of the demo inventory. */
function cred(name: string, persona: string, scopes: string, extra = ''): string {
  return `  ${name}: { forge: demo, source: { env: ${name} }, persona: ${persona}, scopes: [${scopes}]${extra ? `, ${extra}` : ''} }\n`;
}

function inventory(type: string, url: string, personas: string, credentials: string): string {
  return `# Written by credcanary demo --forge ${type}: one healthy credential and one per failure class.
version: 1
forges:
  demo: { type: ${type}, url: ${url} }
personas: { ${personas} }
credentials:
${credentials}settings: { timeoutSeconds: 5, concurrency: 8, retries: 1 }
`;
}

const FILE = 'files: [{ repo: acme/controlplane, path: internal/providers/providers.yaml, ref: main, local: providers.yaml }]';
const DRIFT = 'files: [{ repo: acme/controlplane, path: internal/providers/providers.yaml, ref: main, local: providers-stale.yaml }]';

/** What the hosted demos share: healthy, revoked, wrong persona, human persona, junk token on a public repo, missing secret, drift. */
function sharedExpectations(pushDenied: DemoExpectation['class'], pushStatus: DemoExpectation['status']): DemoExpectation[] {
  return [
    { credential: 'HEALTHY_TOKEN', probe: 'identity', status: 'pass', class: null, shows: 'a healthy bot token passes identity' },
    { credential: 'HEALTHY_TOKEN', probe: 'scopes', status: 'pass', class: null, shows: 'its scopes are exactly the required ones' },
    { credential: 'HEALTHY_TOKEN', probe: 'git-auth', target: 'acme/core', status: 'pass', class: null, shows: 'and git push over HTTPS authenticates' },
    { credential: 'HEALTHY_TOKEN', probe: 'file-drift', status: 'pass', class: null, shows: 'and its canonical file matches' },
    { credential: 'HEALTHY_TOKEN', probe: 'expiry', status: 'pass', class: null, shows: 'and it is far from its expiry date' },
    { credential: 'ROTATED_TOKEN', probe: 'identity', status: 'fail', class: 'revoked', shows: 'a revoked token: rotation suspected' },
    { credential: 'WRONG_PERSONA_TOKEN', probe: 'identity', status: 'fail', class: 'wrong-persona', shows: 'another bot\'s token in the secret' },
    { credential: 'FOUNDER_TOKEN', probe: 'identity', status: 'fail', class: 'forbidden-persona', shows: 'a human\'s stop-gap token running automation' },
    { credential: 'NARROW_SCOPE_TOKEN', probe: 'scopes', status: 'fail', class: 'scope-missing', shows: 'a token re-minted without the push scope' },
    { credential: 'LOST_ACCESS_TOKEN', probe: 'repo-access', target: 'acme/core', status: 'fail', class: 'access-lost', shows: 'a bot removed from the repository' },
    { credential: 'PROTECTED_BRANCH_TOKEN', probe: 'branch-push', target: 'acme/release@main', status: pushStatus, class: pushDenied, shows: 'branch protection denies the push…' },
    { credential: 'PROTECTED_BRANCH_TOKEN', probe: 'git-auth', target: 'acme/release', status: 'pass', class: null, shows: '…although git authenticates: authentication is not authorisation' },
    { credential: 'EXPIRING_TOKEN', probe: 'expiry', status: 'warn', class: 'expiring', shows: 'a token that expires in 5 days' },
    { credential: 'JUNK_PUBLIC_TOKEN', probe: 'identity', status: 'fail', class: 'revoked', shows: 'a junk token on a public repo fails…' },
    { credential: 'JUNK_PUBLIC_TOKEN', probe: 'repo-access', target: 'acme/site', status: 'skipped', class: null, shows: '…and nothing about it passes' },
    { credential: 'MISSING_TOKEN', probe: 'presence', status: 'fail', class: 'missing', shows: 'an unset secret (CI passes it as "")' },
    { credential: 'DRIFT_TOKEN', probe: 'file-drift', status: 'fail', class: 'drift', shows: 'a canonical file changed on one side only' },
  ];
}

/** Seeds the GitHub mode and describes the inventory that checks it. */
export function seedGitHubDemo(sim: GitHubSim): DemoWorld {
  for (const login of ['deploy-bot', 'sync-bot', 'mirror-bot', 'release-bot', 'ops-bot']) sim.addUser(login);
  sim.addUser('founder', { name: 'The Founder' });
  sim.addOrg('acme', { owners: ['release-bot'] });
  sim.addRepo({ owner: 'acme', name: 'core', private: true, branches: ['staging'] });
  sim.addRepo({ owner: 'acme', name: 'site' });
  sim.addRepo({ owner: 'acme', name: 'controlplane', private: true, files: { 'internal/providers/providers.yaml': PROVIDERS_YAML } });
  sim.addRepo({ owner: 'acme', name: 'release', private: true });
  for (const bot of ['deploy-bot', 'sync-bot', 'mirror-bot', 'founder']) sim.setCollaborator('acme/core', bot, 'push');
  for (const bot of ['deploy-bot', 'ops-bot']) sim.setCollaborator('acme/controlplane', bot, 'pull');
  // Pull requests required, administrators included: release-bot (an org owner) may read the rule, and may not push.
  sim.protectBranch('acme/release', 'main', { requireReviews: true, enforceAdmins: true });
  const later = new Date(Date.now() + 120 * DAY);
  const token = (login: string, scopes: string[], expiresAt = later) => sim.addClassicToken(login, { scopes, expiresAt });
  const rotated = token('sync-bot', ['repo']);
  sim.revokeToken(rotated);
  const limited = token('deploy-bot', ['repo']);
  sim.exhaustRateLimit(limited, 403);
  const env: Record<string, string> = {
    HEALTHY_TOKEN: token('deploy-bot', ['repo']),
    ROTATED_TOKEN: rotated,
    WRONG_PERSONA_TOKEN: token('mirror-bot', ['repo']),
    FOUNDER_TOKEN: token('founder', ['repo']),
    NARROW_SCOPE_TOKEN: token('sync-bot', ['read:user']),
    LOST_ACCESS_TOKEN: token('ops-bot', ['repo']),
    PROTECTED_BRANCH_TOKEN: token('release-bot', ['repo']),
    EXPIRING_TOKEN: token('deploy-bot', ['repo'], new Date(Date.now() + 5.5 * DAY)),
    RATE_LIMITED_TOKEN: limited,
    APP_TOKEN: sim.addInstallationToken({ appSlug: 'deployer', permissions: { contents: 'write' }, repositories: ['acme/core'] }),
    FINE_GRAINED_TOKEN: sim.addFineGrainedToken('deploy-bot', { permissions: {}, repositories: ['acme/core'], expiresAt: later }),
    // Shaped like a classic PAT, never issued.
    JUNK_PUBLIC_TOKEN: `ghp_${randomBytes(18).toString('hex')}`,
    MISSING_TOKEN: '',
    DRIFT_TOKEN: token('ops-bot', ['repo']),
  };
  const core = 'repos: [{ repo: acme/core, access: push, branches: [staging] }]';
  const text = inventory('github', sim.url, 'deploy-bot: { kind: bot }, sync-bot: { kind: bot }, ops-bot: { kind: bot }, release-bot: { kind: bot }, founder: { kind: human }',
    cred('HEALTHY_TOKEN', 'deploy-bot', 'repo', `${core}, ${FILE}`) +
    cred('ROTATED_TOKEN', 'sync-bot', 'repo', core) +
    cred('WRONG_PERSONA_TOKEN', 'sync-bot', 'repo') +
    cred('FOUNDER_TOKEN', 'founder', 'repo') +
    cred('NARROW_SCOPE_TOKEN', 'sync-bot', 'repo') +
    cred('LOST_ACCESS_TOKEN', 'ops-bot', 'repo', 'repos: [{ repo: acme/core, access: push }]') +
    cred('PROTECTED_BRANCH_TOKEN', 'release-bot', 'repo', 'repos: [{ repo: acme/release, access: push, branches: [main] }]') +
    cred('EXPIRING_TOKEN', 'deploy-bot', 'repo') +
    cred('RATE_LIMITED_TOKEN', 'deploy-bot', 'repo') +
    cred('APP_TOKEN', 'deploy-bot', 'contents=write', core) +
    cred('FINE_GRAINED_TOKEN', 'deploy-bot', 'contents=read', 'repos: [{ repo: acme/core, access: pull }]') +
    cred('JUNK_PUBLIC_TOKEN', 'deploy-bot', 'repo', 'repos: [{ repo: acme/site, access: pull }]') +
    cred('MISSING_TOKEN', 'deploy-bot', 'repo') +
    cred('DRIFT_TOKEN', 'ops-bot', 'repo', DRIFT));
  const expectations: DemoExpectation[] = [
    ...sharedExpectations('push-denied', 'fail'),
    { credential: 'RATE_LIMITED_TOKEN', probe: 'identity', status: 'inconclusive', class: 'rate-limited', shows: 'a rate limit (403, remaining 0) is never a red' },
    { credential: 'APP_TOKEN', probe: 'identity', status: 'warn', class: 'persona-unverified', shows: 'an App installation token names no user (/user is 403)…' },
    { credential: 'APP_TOKEN', probe: 'git-auth', target: 'acme/core', status: 'pass', class: null, shows: '…but works, proven by /installation/repositories and x-access-token' },
    { credential: 'FINE_GRAINED_TOKEN', probe: 'scopes', status: 'fail', class: 'scope-missing', shows: 'a fine-grained token without contents=read (X-Accepted-GitHub-Permissions)' },
  ];
  return { inventory: text, env, files: FILES, expectations, naive: { url: `${sim.url}/acme/site.git`, junkToken: env.JUNK_PUBLIC_TOKEN! } };
}

/** Seeds the GitLab mode and describes the inventory that checks it. */
export function seedGitLabDemo(sim: GitLabSim): DemoWorld {
  for (const login of ['deploy-bot', 'sync-bot', 'mirror-bot', 'ops-bot']) sim.addUser(login);
  sim.addUser('founder', { name: 'The Founder' });
  sim.addGroup('acme');
  sim.addProject({ namespace: 'acme', name: 'core', branches: ['staging'] });
  sim.addProject({ namespace: 'acme', name: 'site', visibility: 'public' });
  sim.addProject({ namespace: 'acme', name: 'controlplane', files: { 'internal/providers/providers.yaml': PROVIDERS_YAML } });
  sim.addProject({ namespace: 'acme', name: 'release' });
  for (const bot of ['deploy-bot', 'sync-bot', 'mirror-bot', 'founder']) sim.addMember('acme/core', bot, 30);
  for (const bot of ['deploy-bot', 'ops-bot']) sim.addMember('acme/controlplane', bot, 20);
  sim.addMember('acme/release', 'deploy-bot', 30);
  sim.protectBranch('acme/release', 'main', { pushAccessLevel: 40 });
  const date = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
  const exact = ['read_api', 'write_repository'];
  const token = (login: string, scopes = exact, expiresAt = date(120)) => sim.addPersonalToken(login, { scopes, expiresAt });
  const rotated = token('sync-bot');
  sim.revokeToken(rotated);
  const project = sim.addProjectToken('acme/core', { scopes: exact, accessLevel: 30, expiresAt: date(120) });
  const env: Record<string, string> = {
    HEALTHY_TOKEN: token('deploy-bot'),
    ROTATED_TOKEN: rotated,
    WRONG_PERSONA_TOKEN: token('mirror-bot'),
    FOUNDER_TOKEN: token('founder'),
    NARROW_SCOPE_TOKEN: token('sync-bot', ['read_api', 'read_repository']),
    LOST_ACCESS_TOKEN: token('ops-bot'),
    PROTECTED_BRANCH_TOKEN: token('deploy-bot'),
    EXPIRING_TOKEN: token('deploy-bot', exact, date(5)),
    EXPIRED_TOKEN: token('deploy-bot', exact, date(-2)),
    BROAD_TOKEN: token('deploy-bot', ['api']),
    PROJECT_TOKEN: project.token,
    JUNK_PUBLIC_TOKEN: `glpat-${randomBytes(15).toString('base64url')}`,
    MISSING_TOKEN: '',
    DRIFT_TOKEN: token('ops-bot'),
  };
  const scopes = exact.join(', ');
  const core = 'repos: [{ repo: acme/core, access: push, branches: [staging] }]';
  const text = inventory('gitlab', sim.url, `deploy-bot: { kind: bot }, sync-bot: { kind: bot }, ops-bot: { kind: bot }, founder: { kind: human }, ${project.bot}: { kind: bot }`,
    cred('HEALTHY_TOKEN', 'deploy-bot', scopes, `${core}, ${FILE}`) +
    cred('ROTATED_TOKEN', 'sync-bot', scopes, core) +
    cred('WRONG_PERSONA_TOKEN', 'sync-bot', scopes) +
    cred('FOUNDER_TOKEN', 'founder', scopes) +
    cred('NARROW_SCOPE_TOKEN', 'sync-bot', scopes) +
    cred('LOST_ACCESS_TOKEN', 'ops-bot', scopes, 'repos: [{ repo: acme/core, access: push }]') +
    cred('PROTECTED_BRANCH_TOKEN', 'deploy-bot', scopes, 'repos: [{ repo: acme/release, access: push, branches: [main] }]') +
    cred('EXPIRING_TOKEN', 'deploy-bot', scopes) +
    cred('EXPIRED_TOKEN', 'deploy-bot', scopes) +
    cred('BROAD_TOKEN', 'deploy-bot', scopes) +
    cred('PROJECT_TOKEN', project.bot, scopes, core) +
    cred('JUNK_PUBLIC_TOKEN', 'deploy-bot', 'read_api', 'repos: [{ repo: acme/site, access: pull }]') +
    cred('MISSING_TOKEN', 'deploy-bot', 'read_api') +
    cred('DRIFT_TOKEN', 'ops-bot', scopes, DRIFT));
  const expectations: DemoExpectation[] = [
    ...sharedExpectations('push-denied', 'fail'),
    { credential: 'EXPIRED_TOKEN', probe: 'identity', status: 'fail', class: 'expired', shows: 'an expired token: GitLab says so ("Token is expired")' },
    { credential: 'BROAD_TOKEN', probe: 'scopes', status: 'warn', class: 'scope-excess', shows: 'an `api` token where read_api + write_repository would do' },
    { credential: 'PROJECT_TOKEN', probe: 'identity', status: 'pass', class: null, shows: 'a project access token answers as its bot user' },
  ];
  return { inventory: text, env, files: FILES, expectations, naive: { url: `${sim.url}/acme/site.git`, junkToken: env.JUNK_PUBLIC_TOKEN! } };
}
