import type { ActionsContext, GateContext, GitlabContext } from './context.js';

// The trust decision of `credcanary gate`, as a pure function of the context. docs/gate.md holds the same
// table in prose; decide.test.ts parses it and fails when a row is not exercised, so they cannot drift.
// Principle: a secret may only be *expected* to be missing where the forge withholds secrets by design.
// Anything we do not positively recognise as such is trusted, so a missing secret fails the job.

/** Stable ids of the decision table's rows (docs/gate.md), in evaluation order. */
export const TRUST_RULES = [
  'no-ci',
  'no-event',
  'dependabot',
  'dependabot-rerun',
  'trusted-event',
  'pr-head-repo-missing',
  'fork-pr',
  'fork-pr-by-name',
  'same-repo-pr',
  'same-repo-pr-by-name',
  'pr-payload-unusable',
  'other-event',
  'gitlab-fork-mr',
  'gitlab-schedule',
  'gitlab-unprotected-ref',
  'gitlab-pipeline',
] as const;

/** A row of the decision table. */
export type TrustRule = (typeof TRUST_RULES)[number];

/** Whether a missing secret is an error here, why, and the facts the decision used. */
export interface TrustDecision {
  trusted: boolean;
  rule: TrustRule;
  reason: string;
  evidence: Record<string, string>;
}

/** Events that always run with the repository's secrets (issue 3's list). */
export const TRUSTED_EVENTS: ReadonlySet<string> = new Set([
  'push',
  'schedule',
  'workflow_dispatch',
  'pull_request_target',
  'workflow_run',
  'release',
  'merge_group',
]);

/** Events that carry a pull request and withhold secrets when it comes from a fork. */
export const PR_EVENTS: ReadonlySet<string> = new Set([
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment',
]);

/** Events on which a Dependabot-triggered run gets only Dependabot secrets (github-gitlab-ci-facts §8). */
export const DEPENDABOT_EVENTS: ReadonlySet<string> = new Set([
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment',
  'push',
  'create',
  'deployment',
  'deployment_status',
]);

/** The actor GitHub uses for Dependabot-triggered runs. */
export const DEPENDABOT_ACTOR = 'dependabot[bot]';

/** Decides whether the run is trusted, i.e. whether a missing secret means something is broken. */
export function decideTrust(ctx: GateContext): TrustDecision {
  switch (ctx.runner) {
    case 'shell':
      return {
        trusted: true,
        rule: 'no-ci',
        reason: 'no CI runner detected (plain shell or cron): trusted, so a missing secret is an error',
        evidence: { runner: 'shell' },
      };
    case 'gitlab':
      return decideGitlab(ctx);
    default:
      return decideActions(ctx);
  }
}

function decideActions(ctx: ActionsContext): TrustDecision {
  const payload = ctx.payload.state === 'ok' ? ctx.payload.data : null;
  const actor = ctx.actor ?? str(get(payload, 'sender', 'login'));
  const evidence: Record<string, string> = { runner: ctx.runner };
  put(evidence, 'event', ctx.event);
  put(evidence, 'actor', actor);
  put(evidence, 'repository', ctx.repository);
  evidence['payload'] = ctx.payload.state === 'unreadable' ? `unreadable: ${ctx.payload.problem}` : ctx.payload.state;
  const done = (trusted: boolean, rule: TrustRule, reason: string): TrustDecision => ({ trusted, rule, reason, evidence });

  const event = ctx.event;
  if (event === null) {
    return done(true, 'no-event', `${ctx.runner} runner without an event name: trusted (fail closed)`);
  }
  if (actor === DEPENDABOT_ACTOR && DEPENDABOT_EVENTS.has(event)) {
    put(evidence, 'triggeringActor', ctx.triggeringActor);
    if (ctx.triggeringActor !== null && ctx.triggeringActor !== DEPENDABOT_ACTOR) {
      return done(
        true,
        'dependabot-rerun',
        `a Dependabot run re-run by ${ctx.triggeringActor}: re-runs get the repository's secrets, so trusted`,
      );
    }
    return done(
      false,
      'dependabot',
      `"${event}" run by ${DEPENDABOT_ACTOR}: such runs get only Dependabot secrets, not Actions secrets`,
    );
  }
  if (TRUSTED_EVENTS.has(event)) {
    if (event === 'workflow_run') noteWorkflowRunOrigin(payload, evidence);
    return done(true, 'trusted-event', `"${event}" runs with the repository's secrets: trusted`);
  }
  if (PR_EVENTS.has(event)) return decidePullRequest(ctx, payload, evidence, done);
  return done(
    true,
    'other-event',
    `"${event}" is not an event known to withhold secrets: trusted (fail closed)`,
  );
}

type Done = (trusted: boolean, rule: TrustRule, reason: string) => TrustDecision;

function decidePullRequest(
  ctx: ActionsContext,
  payload: Record<string, unknown> | null,
  evidence: Record<string, string>,
  done: Done,
): TrustDecision {
  const pr = get(payload, 'pull_request');
  const head = get(pr, 'head');
  if (!isObject(pr) || !isObject(head)) {
    // We cannot tell a fork PR from a same-repo one. A runner that lost the payload is broken, and
    // a broken gate must not go quiet: trusted, so a missing secret fails (docs/gate.md explains).
    return done(
      true,
      'pr-payload-unusable',
      `"${ctx.event}" without a usable pull_request payload: cannot prove a fork, so trusted (fail closed)`,
    );
  }
  const headRepo = get(head, 'repo');
  if (headRepo === null || headRepo === undefined) {
    evidence['pull_request.head.repo'] = 'null';
    return done(false, 'pr-head-repo-missing', 'pull request whose head repository is gone (deleted fork): untrusted');
  }
  const base = get(payload, 'repository') ?? get(pr, 'base', 'repo');
  const baseId = idOf(get(base, 'id')) ?? ctx.repositoryId;
  const headId = idOf(get(headRepo, 'id'));
  const baseName = str(get(base, 'full_name')) ?? ctx.repository;
  const headName = str(get(headRepo, 'full_name'));
  put(evidence, 'repository.id', baseId);
  put(evidence, 'pull_request.head.repo.id', headId);
  put(evidence, 'repository.full_name', baseName);
  put(evidence, 'pull_request.head.repo.full_name', headName);
  const headFork = get(headRepo, 'fork');
  // Recorded, never used: it is true for same-repo PRs when the base repository is itself a fork.
  if (typeof headFork === 'boolean') evidence['pull_request.head.repo.fork'] = String(headFork);
  if (baseId !== null && headId !== null) {
    return baseId === headId
      ? done(true, 'same-repo-pr', `pull request from the same repository (id ${headId}): trusted`)
      : done(false, 'fork-pr', `pull request from a fork (head repository id ${headId} ≠ ${baseId}): untrusted`);
  }
  if (baseName !== null && headName !== null) {
    return baseName.toLowerCase() === headName.toLowerCase()
      ? done(true, 'same-repo-pr-by-name', `pull request from the same repository (${headName}): trusted`)
      : done(false, 'fork-pr-by-name', `pull request from a fork (${headName} ≠ ${baseName}): untrusted`);
  }
  return done(
    true,
    'pr-payload-unusable',
    'pull request payload names no comparable head and base repository: cannot prove a fork, so trusted (fail closed)',
  );
}

/** workflow_run always has secrets; where the triggering run came from is still worth printing. */
function noteWorkflowRunOrigin(payload: Record<string, unknown> | null, evidence: Record<string, string>): void {
  const headRepo = get(payload, 'workflow_run', 'head_repository');
  put(evidence, 'workflow_run.head_repository.full_name', str(get(headRepo, 'full_name')));
  put(evidence, 'workflow_run.head_repository.id', idOf(get(headRepo, 'id')));
}

function decideGitlab(ctx: GitlabContext): TrustDecision {
  const evidence: Record<string, string> = { runner: 'gitlab' };
  put(evidence, 'CI_PIPELINE_SOURCE', ctx.pipelineSource);
  put(evidence, 'CI_PROJECT_ID', ctx.projectId);
  put(evidence, 'CI_MERGE_REQUEST_PROJECT_ID', ctx.mrProjectId);
  put(evidence, 'CI_MERGE_REQUEST_SOURCE_PROJECT_ID', ctx.mrSourceProjectId);
  put(evidence, 'CI_COMMIT_REF_PROTECTED', ctx.refProtected);
  put(evidence, 'CI_COMMIT_REF_NAME', ctx.refName);
  const done = (trusted: boolean, rule: TrustRule, reason: string): TrustDecision => ({ trusted, rule, reason, evidence });
  // CI_PROJECT_ID equals the source project when a fork MR runs in the fork, so compare the MR's two ids.
  if (ctx.mrSourceProjectId !== null && ctx.mrProjectId !== null && ctx.mrSourceProjectId !== ctx.mrProjectId) {
    return done(
      false,
      'gitlab-fork-mr',
      `merge request from another project (${ctx.mrSourceProjectId} → ${ctx.mrProjectId}): untrusted`,
    );
  }
  // A schedule is the canary itself: its owner chose the ref, and a missing secret there is exactly the
  // silent failure the gate exists to catch, so it fails closed whatever the ref's protection.
  if (ctx.pipelineSource === 'schedule') {
    return done(true, 'gitlab-schedule', `scheduled pipeline${ctx.refName ? ` on ${ctx.refName}` : ''}: trusted whatever the ref's protection (fail closed)`);
  }
  if (ctx.refProtected === 'false') {
    return done(
      false,
      'gitlab-unprotected-ref',
      `ref ${ctx.refName ?? '(unknown)'} is not protected: protected variables are withheld here, so untrusted`,
    );
  }
  return done(
    true,
    'gitlab-pipeline',
    `pipeline source "${ctx.pipelineSource ?? '(unset)'}" on a protected or unknown ref: trusted (fail closed)`,
  );
}

function get(value: unknown, ...keys: string[]): unknown {
  let cur = value;
  for (const key of keys) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Repository ids arrive as JSON numbers (GitHub, Gitea) or strings (env); both compare as decimal text. */
function idOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return str(value);
}

function put(evidence: Record<string, string>, key: string, value: string | null): void {
  if (value !== null) evidence[key] = value;
}
