import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGateContext, type Runner } from './context.js';
import { decideTrust, TRUST_RULES, type TrustRule } from './decide.js';

// Table-driven test of the trust decision. Every case runs through readGateContext (env + payload file)
// and decideTrust, under every runner env shape it lists. The last test parses docs/gate.md's decision
// table and fails when a row is not exercised for each runner it names.

const ACTIONS: readonly Runner[] = ['github', 'gitea', 'forgejo', 'act'];
const EVENT_PATH = '/runner/_temp/event.json';

interface Repo {
  id?: number;
  full_name?: string;
  fork?: boolean;
}

/** A payload repository object, shaped as GitHub or Gitea send it. */
function repo(runner: Runner, r: Repo): Record<string, unknown> {
  const [owner = 'x', name = 'x'] = (r.full_name ?? 'x/x').split('/');
  const common: Record<string, unknown> = { name, owner: { login: owner }, private: false };
  if (r.id !== undefined) common['id'] = r.id;
  if (r.full_name !== undefined) common['full_name'] = r.full_name;
  if (r.fork !== undefined) common['fork'] = r.fork;
  return runner === 'github' || runner === 'act'
    ? { ...common, node_id: 'R_kgDOAbc', html_url: `https://github.com/${r.full_name ?? ''}` }
    : { ...common, html_url: `https://git.example.com/${r.full_name ?? ''}`, empty: false, mirror: false };
}

const BASE: Repo = { id: 101, full_name: 'acme/core', fork: false };
const FORK: Repo = { id: 202, full_name: 'mallory/core', fork: true };

/** A pull_request payload; `head` null means the head repository is gone. */
function prPayload(runner: Runner, head: Repo | null, base: Repo = BASE, sender = 'mallory'): Record<string, unknown> {
  const headSide: Record<string, unknown> = { ref: 'feature', sha: 'a'.repeat(40), repo: head === null ? null : repo(runner, head) };
  // Gitea's PRBranchInfo also carries repo_id next to repo.
  if (runner === 'gitea' || runner === 'forgejo') headSide['repo_id'] = head?.id ?? 0;
  return {
    action: 'opened',
    number: 7,
    pull_request: {
      number: 7,
      state: 'open',
      head: headSide,
      base: { ref: 'main', sha: 'b'.repeat(40), repo: repo(runner, base) },
    },
    repository: repo(runner, base),
    sender: { login: sender, type: sender.endsWith('[bot]') ? 'Bot' : 'User' },
  };
}

type PayloadSpec = Record<string, unknown> | { raw: string } | { missingFile: true } | null;

interface ActionsCase {
  name: string;
  rule: TrustRule;
  trusted: boolean;
  event?: string;
  actor?: string;
  triggeringActor?: string;
  /** Builds the payload for a runner's flavour; null = GITHUB_EVENT_PATH unset. */
  payload: (runner: Runner) => PayloadSpec;
  evidence?: Record<string, string>;
}

interface GitlabCase {
  name: string;
  rule: TrustRule;
  trusted: boolean;
  env: Record<string, string>;
  evidence?: Record<string, string>;
}

const none = (): null => null;

const ACTIONS_CASES: ActionsCase[] = [
  { name: 'no event name at all', rule: 'no-event', trusted: true, payload: none },
  {
    name: 'same-repo PR opened by Dependabot',
    rule: 'dependabot',
    trusted: false,
    event: 'pull_request',
    actor: 'dependabot[bot]',
    payload: (r) => prPayload(r, BASE, BASE, 'dependabot[bot]'),
    evidence: { actor: 'dependabot[bot]' },
  },
  {
    name: 'push by Dependabot',
    rule: 'dependabot',
    trusted: false,
    event: 'push',
    actor: 'dependabot[bot]',
    payload: (r) => ({ ref: 'refs/heads/dependabot/npm/x', repository: repo(r, BASE), sender: { login: 'dependabot[bot]' } }),
  },
  {
    name: 'Dependabot known only from payload sender (no GITHUB_ACTOR)',
    rule: 'dependabot',
    trusted: false,
    event: 'pull_request_review',
    payload: (r) => prPayload(r, BASE, BASE, 'dependabot[bot]'),
  },
  {
    name: 'Dependabot PR re-run by a maintainer',
    rule: 'dependabot-rerun',
    trusted: true,
    event: 'pull_request',
    actor: 'dependabot[bot]',
    triggeringActor: 'alice',
    payload: (r) => prPayload(r, BASE, BASE, 'dependabot[bot]'),
    evidence: { triggeringActor: 'alice' },
  },
  ...['push', 'schedule', 'workflow_dispatch', 'release', 'merge_group'].map(
    (event): ActionsCase => ({
      name: `${event} event`,
      rule: 'trusted-event',
      trusted: true,
      event,
      actor: 'alice',
      payload: (r) => ({ repository: repo(r, BASE), sender: { login: 'alice' } }),
    }),
  ),
  {
    name: 'pull_request_target from a fork (runs base code with secrets)',
    rule: 'trusted-event',
    trusted: true,
    event: 'pull_request_target',
    actor: 'mallory',
    payload: (r) => prPayload(r, FORK),
  },
  {
    name: 'workflow_run triggered by a fork PR run',
    rule: 'trusted-event',
    trusted: true,
    event: 'workflow_run',
    actor: 'mallory',
    payload: (r) => ({
      action: 'completed',
      workflow_run: { id: 9, event: 'pull_request', head_repository: repo(r, FORK) },
      repository: repo(r, BASE),
      sender: { login: 'mallory' },
    }),
    evidence: { 'workflow_run.head_repository.id': '202', 'workflow_run.head_repository.full_name': 'mallory/core' },
  },
  {
    name: 'PR whose fork was deleted (head.repo null)',
    rule: 'pr-head-repo-missing',
    trusted: false,
    event: 'pull_request',
    actor: 'mallory',
    payload: (r) => prPayload(r, null),
    evidence: { 'pull_request.head.repo': 'null' },
  },
  {
    name: 'fork PR, ids differ',
    rule: 'fork-pr',
    trusted: false,
    event: 'pull_request',
    actor: 'mallory',
    payload: (r) => prPayload(r, FORK),
    evidence: { 'repository.id': '101', 'pull_request.head.repo.id': '202' },
  },
  {
    name: 'fork PR review comment, fork has the same name in another case',
    rule: 'fork-pr',
    trusted: false,
    event: 'pull_request_review_comment',
    actor: 'mallory',
    payload: (r) => prPayload(r, { id: 303, full_name: 'ACME/core', fork: true }),
  },
  {
    name: 'fork PR without ids, names differ',
    rule: 'fork-pr-by-name',
    trusted: false,
    event: 'pull_request',
    actor: 'mallory',
    payload: (r) => prPayload(r, { full_name: 'mallory/core' }, { full_name: 'acme/core' }),
  },
  {
    name: 'same-repo PR in a repository that is itself a fork (head.repo.fork true)',
    rule: 'same-repo-pr',
    trusted: true,
    event: 'pull_request',
    actor: 'alice',
    payload: (r) => prPayload(r, { id: 101, full_name: 'acme/core', fork: true }, { id: 101, full_name: 'acme/core', fork: true }),
    evidence: { 'pull_request.head.repo.fork': 'true', 'pull_request.head.repo.id': '101' },
  },
  {
    name: 'same-repo PR without ids, names differ only in case',
    rule: 'same-repo-pr-by-name',
    trusted: true,
    event: 'pull_request',
    actor: 'alice',
    payload: (r) => prPayload(r, { full_name: 'ACME/Core' }, { full_name: 'acme/core' }),
  },
  { name: 'PR with GITHUB_EVENT_PATH unset', rule: 'pr-payload-unusable', trusted: true, event: 'pull_request', payload: none },
  {
    name: 'PR with a garbled payload',
    rule: 'pr-payload-unusable',
    trusted: true,
    event: 'pull_request',
    payload: () => ({ raw: '{"pull_request": {"head": ' }),
    evidence: { payload: `unreadable: ${EVENT_PATH} is not valid JSON` },
  },
  {
    name: 'PR whose payload file does not exist',
    rule: 'pr-payload-unusable',
    trusted: true,
    event: 'pull_request',
    payload: () => ({ missingFile: true }),
    evidence: { payload: `unreadable: cannot read ${EVENT_PATH} (ENOENT)` },
  },
  { name: 'PR payload that is a JSON array', rule: 'pr-payload-unusable', trusted: true, event: 'pull_request', payload: () => ({ raw: '[]' }) },
  {
    name: 'PR payload without pull_request (act without -e)',
    rule: 'pr-payload-unusable',
    trusted: true,
    event: 'pull_request',
    payload: () => ({}),
  },
  {
    name: 'PR payload whose repositories carry neither id nor name',
    rule: 'pr-payload-unusable',
    trusted: true,
    event: 'pull_request',
    payload: () => ({ pull_request: { head: { repo: { private: false } }, base: { repo: {} } } }),
  },
  {
    name: 'issue_comment (runs with secrets)',
    rule: 'other-event',
    trusted: true,
    event: 'issue_comment',
    actor: 'mallory',
    payload: (r) => ({ action: 'created', issue: { number: 3 }, repository: repo(r, BASE) }),
  },
  { name: 'an event this table has never heard of', rule: 'other-event', trusted: true, event: 'future_event', payload: none },
];

const GITLAB_COMMON = {
  CI: 'true',
  GITLAB_CI: 'true',
  CI_SERVER_URL: 'https://gitlab.example.com',
  CI_API_V4_URL: 'https://gitlab.example.com/api/v4',
};

const GITLAB_CASES: GitlabCase[] = [
  {
    name: 'fork MR pipeline running in the fork',
    rule: 'gitlab-fork-mr',
    trusted: false,
    env: {
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_PROJECT_ID: '202',
      CI_MERGE_REQUEST_PROJECT_ID: '101',
      CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '202',
      CI_MERGE_REQUEST_IID: '7',
      CI_COMMIT_REF_NAME: 'feature',
      CI_COMMIT_REF_PROTECTED: 'false',
    },
    evidence: { CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '202', CI_MERGE_REQUEST_PROJECT_ID: '101' },
  },
  {
    name: 'fork MR pipeline run in the parent project',
    rule: 'gitlab-fork-mr',
    trusted: false,
    env: {
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_PROJECT_ID: '101',
      CI_MERGE_REQUEST_PROJECT_ID: '101',
      CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '202',
      CI_COMMIT_REF_PROTECTED: 'true',
    },
  },
  {
    name: 'push to an unprotected branch',
    rule: 'gitlab-unprotected-ref',
    trusted: false,
    env: { CI_PIPELINE_SOURCE: 'push', CI_PROJECT_ID: '101', CI_COMMIT_REF_NAME: 'feature', CI_COMMIT_REF_PROTECTED: 'false' },
    evidence: { CI_COMMIT_REF_PROTECTED: 'false', CI_COMMIT_REF_NAME: 'feature' },
  },
  {
    name: 'same-project MR from an unprotected branch',
    rule: 'gitlab-unprotected-ref',
    trusted: false,
    env: {
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_PROJECT_ID: '101',
      CI_MERGE_REQUEST_PROJECT_ID: '101',
      CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '101',
      CI_COMMIT_REF_PROTECTED: 'false',
    },
  },
  {
    name: 'scheduled pipeline on protected main',
    rule: 'gitlab-schedule',
    trusted: true,
    env: { CI_PIPELINE_SOURCE: 'schedule', CI_PROJECT_ID: '101', CI_COMMIT_REF_NAME: 'main', CI_COMMIT_REF_PROTECTED: 'true' },
    evidence: { CI_PIPELINE_SOURCE: 'schedule' },
  },
  {
    name: 'scheduled pipeline on an unprotected branch (fails closed: a schedule is the canary itself)',
    rule: 'gitlab-schedule',
    trusted: true,
    env: { CI_PIPELINE_SOURCE: 'schedule', CI_PROJECT_ID: '101', CI_COMMIT_REF_NAME: 'canary', CI_COMMIT_REF_PROTECTED: 'false' },
    evidence: { CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_REF_PROTECTED: 'false' },
  },
  {
    name: 'same-project MR between protected branches',
    rule: 'gitlab-pipeline',
    trusted: true,
    env: {
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_PROJECT_ID: '101',
      CI_MERGE_REQUEST_PROJECT_ID: '101',
      CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '101',
      CI_COMMIT_REF_PROTECTED: 'true',
    },
  },
  { name: 'web-started pipeline, CI_COMMIT_REF_PROTECTED unset', rule: 'gitlab-pipeline', trusted: true, env: { CI_PIPELINE_SOURCE: 'web' } },
  {
    name: 'a pipeline source newer than this table',
    rule: 'gitlab-pipeline',
    trusted: true,
    env: { CI_PIPELINE_SOURCE: 'some_future_source', CI_COMMIT_REF_PROTECTED: 'true' },
  },
];

const SHELL_CASES: { name: string; env: Record<string, string> }[] = [
  { name: 'empty environment', env: {} },
  { name: 'another CI that sets only CI=true', env: { CI: 'true', JENKINS_URL: 'https://ci.example.com/' } },
];

/** The environment a runner sets, plus the payload file behind GITHUB_EVENT_PATH. */
function actionsEnv(runner: Runner, c: ActionsCase): { env: Record<string, string>; files: Map<string, string> } {
  const gh: Record<string, string> = {
    GITHUB_REPOSITORY: 'acme/core',
    GITHUB_SERVER_URL: runner === 'github' ? 'https://github.com' : 'https://git.example.com',
  };
  if (c.event !== undefined) gh['GITHUB_EVENT_NAME'] = c.event;
  if (c.actor !== undefined) gh['GITHUB_ACTOR'] = c.actor;
  if (c.triggeringActor !== undefined) gh['GITHUB_TRIGGERING_ACTOR'] = c.triggeringActor;
  if (runner === 'github') gh['GITHUB_REPOSITORY_ID'] = '101';
  const files = new Map<string, string>();
  const payload = c.payload(runner);
  if (payload !== null) {
    gh['GITHUB_EVENT_PATH'] = EVENT_PATH;
    if ('raw' in payload && typeof payload['raw'] === 'string') files.set(EVENT_PATH, payload['raw']);
    else if (!('missingFile' in payload)) files.set(EVENT_PATH, JSON.stringify(payload));
  }
  const env: Record<string, string> = { CI: 'true', GITHUB_ACTIONS: 'true', ...gh };
  if (runner === 'act') env['ACT'] = 'true';
  if (runner === 'gitea' || runner === 'forgejo') {
    env['GITEA_ACTIONS'] = 'true';
    env['GITEA_ACTIONS_RUNNER_VERSION'] = 'v0.2.11';
  }
  if (runner === 'forgejo') {
    env['FORGEJO_ACTIONS'] = 'true';
    env['FORGEJO_ACTIONS_RUNNER_VERSION'] = 'v11.0.0';
    for (const [k, v] of Object.entries(gh)) env[k.replace(/^GITHUB_/, 'FORGEJO_')] = v;
  }
  return { env, files };
}

function fakeRead(files: Map<string, string>): (path: string) => string {
  return (path) => {
    const text = files.get(path);
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  };
}

describe('decideTrust: Actions runners (GitHub, Gitea, Forgejo, act)', () => {
  for (const c of ACTIONS_CASES) {
    for (const runner of ACTIONS) {
      it(`${runner}: ${c.name} → ${c.rule}`, () => {
        const { env, files } = actionsEnv(runner, c);
        const ctx = readGateContext(env, fakeRead(files));
        expect(ctx.runner).toBe(runner);
        const d = decideTrust(ctx);
        expect({ rule: d.rule, trusted: d.trusted }).toEqual({ rule: c.rule, trusted: c.trusted });
        expect(d.evidence['runner']).toBe(runner);
        expect(d.reason.length).toBeGreaterThan(10);
        if (c.evidence) expect(d.evidence).toMatchObject(c.evidence);
      });
    }
  }

  it('forgejo: reads the FORGEJO_* copies when the GITHUB_* ones are absent', () => {
    const c = ACTIONS_CASES.find((x) => x.rule === 'fork-pr')!;
    const { env, files } = actionsEnv('forgejo', c);
    for (const key of Object.keys(env)) if (key.startsWith('GITHUB_') && key !== 'GITHUB_ACTIONS') delete env[key];
    const d = decideTrust(readGateContext(env, fakeRead(files)));
    expect(d.rule).toBe('fork-pr');
    expect(d.evidence['event']).toBe('pull_request');
  });

  it('a plain GitHub runner does not read FORGEJO_* variables', () => {
    const d = decideTrust(readGateContext({ GITHUB_ACTIONS: 'true', FORGEJO_EVENT_NAME: 'pull_request' }));
    expect(d.rule).toBe('no-event');
  });
});

describe('decideTrust: GitLab CI', () => {
  for (const c of GITLAB_CASES) {
    it(`gitlab: ${c.name} → ${c.rule}`, () => {
      const ctx = readGateContext({ ...GITLAB_COMMON, ...c.env });
      expect(ctx.runner).toBe('gitlab');
      const d = decideTrust(ctx);
      expect({ rule: d.rule, trusted: d.trusted }).toEqual({ rule: c.rule, trusted: c.trusted });
      if (c.evidence) expect(d.evidence).toMatchObject(c.evidence);
    });
  }
});

describe('decideTrust: no CI', () => {
  for (const c of SHELL_CASES) {
    it(`shell: ${c.name} → no-ci, trusted`, () => {
      const d = decideTrust(readGateContext(c.env));
      expect(d).toMatchObject({ rule: 'no-ci', trusted: true, evidence: { runner: 'shell' } });
    });
  }
});

describe('runner detection order', () => {
  it.each([
    [{ FORGEJO_ACTIONS: 'true', GITEA_ACTIONS: 'true', ACT: 'true', GITHUB_ACTIONS: 'true', GITLAB_CI: 'true' }, 'forgejo'],
    [{ GITEA_ACTIONS: 'true', ACT: 'true', GITHUB_ACTIONS: 'true' }, 'gitea'],
    [{ ACT: 'true', GITHUB_ACTIONS: 'true' }, 'act'],
    [{ GITHUB_ACTIONS: 'true', GITLAB_CI: 'true' }, 'github'],
    [{ GITLAB_CI: 'true' }, 'gitlab'],
    [{ GITHUB_ACTIONS: 'false' }, 'shell'],
  ] as const)('%o → %s', (env, runner) => {
    expect(readGateContext(env).runner).toBe(runner);
  });
});

interface DocRow {
  rule: string;
  runners: Runner[];
  trusted: boolean;
}

/** The rows of docs/gate.md's "Decision table". */
function docRows(): DocRow[] {
  const text = readFileSync(new URL('../../docs/gate.md', import.meta.url), 'utf8');
  const section = text.split(/^## Decision table$/m)[1]?.split(/^## /m)[0] ?? '';
  const runnerMap: Record<string, Runner[]> = { shell: ['shell'], Actions: [...ACTIONS], GitLab: ['gitlab'] };
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const cells = line.split('|').map((c) => c.trim());
      const runners = runnerMap[cells[2] ?? ''];
      if (!runners) throw new Error(`docs/gate.md: unknown runner column in: ${line}`);
      const trust = cells[6];
      if (trust !== 'trusted' && trust !== 'untrusted') throw new Error(`docs/gate.md: trust column must be trusted|untrusted in: ${line}`);
      return { rule: (cells[1] ?? '').replace(/`/g, ''), runners, trusted: trust === 'trusted' };
    });
}

describe('docs/gate.md decision table', () => {
  const exercised = new Map<string, { trusted: boolean }>();
  for (const c of ACTIONS_CASES) for (const r of ACTIONS) exercised.set(`${c.rule}@${r}`, c);
  for (const c of GITLAB_CASES) exercised.set(`${c.rule}@gitlab`, c);
  if (SHELL_CASES.length > 0) exercised.set('no-ci@shell', { trusted: true });

  it('lists exactly the rules decideTrust can return, in evaluation order', () => {
    expect(docRows().map((r) => r.rule)).toEqual([...TRUST_RULES]);
  });

  it('every row is exercised for every runner it names, with the trust it states', () => {
    const rows = docRows();
    expect(rows.length).toBe(TRUST_RULES.length);
    for (const row of rows) {
      for (const runner of row.runners) {
        const hit = exercised.get(`${row.rule}@${runner}`);
        expect(hit, `row ${row.rule} is not exercised on ${runner}`).toBeDefined();
        expect(hit?.trusted, `row ${row.rule} trust differs from the test`).toBe(row.trusted);
      }
    }
  });
});
