import { randomBytes } from 'node:crypto';
import type { FailureClass, ProbeId } from '../core/verdict.js';
import type { Status } from '../core/status.js';
import type { ForgeSim } from '../sim/index.js';

/** A verdict the demo promises: this credential's probe (and target) must come out with this status and class. */
export interface DemoExpectation {
  credential: string;
  probe: ProbeId;
  target?: string;
  status: Status;
  class: FailureClass | null;
  /** What the row demonstrates, printed beside the check mark. */
  shows: string;
}

/** The seeded world: the inventory text, the secret values by env name, the files to write, and the promises. */
export interface DemoWorld {
  inventory: string;
  env: Record<string, string>;
  files: Record<string, string>;
  expectations: DemoExpectation[];
  /** A junk token and a public repo URL, for the naive ls-remote comparison. */
  naive: { url: string; junkToken: string };
}

const PROVIDERS_YAML = 'providers:\n  - name: core\n    url: https://git.example.com\n';

/** Seeds bots, a human, repos, protections and tokens into `sim` and describes the inventory that checks them. */
export function seedDemo(sim: ForgeSim): DemoWorld {
  for (const login of ['deploy-bot', 'sync-bot', 'mirror-bot', 'release-bot', 'ops-bot']) sim.addUser({ login, password: randomBytes(12).toString('hex') });
  sim.addUser({ login: 'founder', fullName: 'The Founder' });
  sim.addOrg('acme');
  sim.addRepo({ owner: 'acme', name: 'core', private: true, branches: ['staging'] });
  sim.addRepo({ owner: 'acme', name: 'site', private: false });
  sim.addRepo({ owner: 'acme', name: 'controlplane', private: true, files: { 'internal/providers/providers.yaml': PROVIDERS_YAML } });
  sim.addRepo({ owner: 'acme', name: 'release', private: true });
  for (const bot of ['deploy-bot', 'sync-bot', 'mirror-bot', 'founder']) sim.setCollaborator('acme/core', bot, 'write');
  for (const bot of ['deploy-bot', 'ops-bot']) sim.setCollaborator('acme/controlplane', bot, 'read');
  sim.setCollaborator('acme/release', 'deploy-bot', 'write');
  sim.protectBranch('acme/release', 'main', { enablePush: true, pushWhitelist: ['release-bot'] });

  const exact = ['read:user', 'write:repository'];
  const healthy = sim.addToken('deploy-bot', { name: 'ci', scopes: exact });
  const rotated = sim.addToken('sync-bot', { name: 'sync', scopes: exact });
  sim.revokeToken(rotated);
  const wrongPersona = sim.addToken('mirror-bot', { name: 'mirror', scopes: exact });
  const founder = sim.addToken('founder', { name: 'stop-gap', scopes: exact });
  const narrow = sim.addToken('sync-bot', { name: 'narrow', scopes: ['read:user', 'read:repository'] });
  const lostAccess = sim.addToken('ops-bot', { name: 'ops', scopes: exact });
  const drift = sim.addToken('ops-bot', { name: 'ops-drift', scopes: ['read:user', 'read:repository'] });
  // Well-formed (40 hex) but never issued: exactly what a mistyped or long-dead secret looks like.
  const junk = randomBytes(20).toString('hex');

  const inventory = `# Written by credcanary demo: one healthy credential and one per failure class.
version: 1
forges:
  demo: { type: gitea, url: ${sim.url} }
personas:
  deploy-bot: { kind: bot }
  sync-bot: { kind: bot }
  ops-bot: { kind: bot }
  founder: { kind: human }
credentials:
  HEALTHY_TOKEN:
    forge: demo
    source: { env: HEALTHY_TOKEN }
    persona: deploy-bot
    scopes: [read:user, write:repository]
    repos:
      - { repo: acme/core, access: push, branches: [staging] }
    files:
      - { repo: acme/controlplane, path: internal/providers/providers.yaml, ref: main, local: providers.yaml }
  ROTATED_TOKEN:
    forge: demo
    source: { env: ROTATED_TOKEN }
    persona: sync-bot
    scopes: [read:user, write:repository]
    repos: [{ repo: acme/core, access: push, branches: [main] }]
  WRONG_PERSONA_TOKEN:
    forge: demo
    source: { env: WRONG_PERSONA_TOKEN }
    persona: sync-bot
    scopes: [read:user, write:repository]
  FOUNDER_TOKEN:
    forge: demo
    source: { env: FOUNDER_TOKEN }
    persona: founder
    scopes: [read:user, write:repository]
  NARROW_SCOPE_TOKEN:
    forge: demo
    source: { env: NARROW_SCOPE_TOKEN }
    persona: sync-bot
    scopes: [read:user, write:repository]
    repos: [{ repo: acme/core, access: push, branches: [main] }]
  LOST_ACCESS_TOKEN:
    forge: demo
    source: { env: LOST_ACCESS_TOKEN }
    persona: ops-bot
    scopes: [read:user, write:repository]
    repos: [{ repo: acme/core, access: push }]
  PROTECTED_BRANCH_TOKEN:
    forge: demo
    source: { env: PROTECTED_BRANCH_TOKEN }
    persona: deploy-bot
    scopes: [read:user, write:repository]
    repos: [{ repo: acme/release, access: push, branches: [main] }]
  JUNK_PUBLIC_TOKEN:
    forge: demo
    source: { env: JUNK_PUBLIC_TOKEN }
    persona: deploy-bot
    scopes: [read:user, read:repository]
    repos: [{ repo: acme/site, access: pull }]
  MISSING_TOKEN:
    forge: demo
    source: { env: MISSING_TOKEN }
    persona: deploy-bot
    scopes: [read:user]
  DRIFT_TOKEN:
    forge: demo
    source: { env: DRIFT_TOKEN }
    persona: ops-bot
    scopes: [read:user, read:repository]
    files:
      - { repo: acme/controlplane, path: internal/providers/providers.yaml, ref: main, local: providers-stale.yaml }
consumers:
  deploy:
    kind: workflow
    path: .gitea/workflows/deploy.yml
    credentials: [HEALTHY_TOKEN, PROTECTED_BRANCH_TOKEN]
settings: { timeoutSeconds: 5, concurrency: 8, retries: 1 }
`;

  const expectations: DemoExpectation[] = [
    { credential: 'HEALTHY_TOKEN', probe: 'identity', status: 'pass', class: null, shows: 'a healthy bot token passes identity' },
    { credential: 'HEALTHY_TOKEN', probe: 'scopes', status: 'pass', class: null, shows: 'its scopes are exactly the required ones' },
    { credential: 'HEALTHY_TOKEN', probe: 'git-auth', target: 'acme/core', status: 'pass', class: null, shows: 'and its git push path authenticates' },
    { credential: 'HEALTHY_TOKEN', probe: 'file-drift', status: 'pass', class: null, shows: 'and its canonical file matches' },
    { credential: 'ROTATED_TOKEN', probe: 'identity', status: 'fail', class: 'revoked', shows: 'a revoked token: rotation suspected' },
    { credential: 'WRONG_PERSONA_TOKEN', probe: 'identity', status: 'fail', class: 'wrong-persona', shows: 'another bot\'s token in the secret' },
    { credential: 'FOUNDER_TOKEN', probe: 'identity', status: 'fail', class: 'forbidden-persona', shows: 'a human\'s stop-gap token running automation' },
    { credential: 'NARROW_SCOPE_TOKEN', probe: 'scopes', status: 'fail', class: 'scope-missing', shows: 'a token re-minted without write:repository' },
    { credential: 'NARROW_SCOPE_TOKEN', probe: 'git-auth', target: 'acme/core', status: 'fail', class: 'git-auth-failed', shows: 'so the forge refuses its git push (403)' },
    { credential: 'LOST_ACCESS_TOKEN', probe: 'repo-access', target: 'acme/core', status: 'fail', class: 'access-lost', shows: 'a bot removed from the repository' },
    { credential: 'PROTECTED_BRANCH_TOKEN', probe: 'branch-push', target: 'acme/release@main', status: 'fail', class: 'push-denied', shows: 'branch protection denies the push…' },
    { credential: 'PROTECTED_BRANCH_TOKEN', probe: 'git-auth', target: 'acme/release', status: 'pass', class: null, shows: '…although git authenticates: authentication is not authorisation' },
    { credential: 'JUNK_PUBLIC_TOKEN', probe: 'identity', status: 'fail', class: 'revoked', shows: 'a junk token on a public repo fails…' },
    { credential: 'JUNK_PUBLIC_TOKEN', probe: 'repo-access', target: 'acme/site', status: 'skipped', class: null, shows: '…and nothing about it passes' },
    { credential: 'MISSING_TOKEN', probe: 'presence', status: 'fail', class: 'missing', shows: 'an unset secret (CI passes it as "")' },
    { credential: 'DRIFT_TOKEN', probe: 'file-drift', status: 'fail', class: 'drift', shows: 'a canonical file changed on one side only' },
  ];

  return {
    inventory,
    env: {
      HEALTHY_TOKEN: healthy,
      ROTATED_TOKEN: rotated,
      WRONG_PERSONA_TOKEN: wrongPersona,
      FOUNDER_TOKEN: founder,
      NARROW_SCOPE_TOKEN: narrow,
      LOST_ACCESS_TOKEN: lostAccess,
      PROTECTED_BRANCH_TOKEN: healthy,
      JUNK_PUBLIC_TOKEN: junk,
      MISSING_TOKEN: '',
      DRIFT_TOKEN: drift,
    },
    files: {
      'providers.yaml': PROVIDERS_YAML,
      'providers-stale.yaml': 'providers:\n  - name: core\n    url: https://git.example.com\n  - name: legacy\n    url: https://old.example.com\n',
    },
    expectations,
    naive: { url: `${sim.url}/acme/site.git`, junkToken: junk },
  };
}
