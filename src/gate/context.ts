import { readFileSync } from 'node:fs';

// What `gate` knows about the CI run it is in, read once from the environment and the event payload.
// Reading is kept apart from deciding (decide.ts) so the decision stays a pure function of this object.

/** The CI runners `gate` recognises, most specific first (a Forgejo runner also sets GITEA_/GITHUB_ variables). */
export const RUNNERS = ['forgejo', 'gitea', 'act', 'github', 'gitlab', 'shell'] as const;

/** A CI runner (or `shell`: no CI detected). */
export type Runner = (typeof RUNNERS)[number];

/** Runners that speak the GitHub Actions dialect (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, workflow commands). */
export type ActionsRunner = Exclude<Runner, 'gitlab' | 'shell'>;

/** The webhook payload at GITHUB_EVENT_PATH: absent, unreadable (with why), or a parsed JSON object. */
export type EventPayload =
  | { state: 'absent' }
  | { state: 'unreadable'; problem: string }
  | { state: 'ok'; data: Record<string, unknown> };

/** An Actions-family run: the event, who caused it and the payload. */
export interface ActionsContext {
  runner: ActionsRunner;
  event: string | null;
  actor: string | null;
  /** Who started this attempt (differs from `actor` on a manual re-run); GitHub only. */
  triggeringActor: string | null;
  /** `owner/name` of the repository the workflow runs in. */
  repository: string | null;
  repositoryId: string | null;
  payload: EventPayload;
}

/** A GitLab CI job: the pipeline source and the merge-request project ids. */
export interface GitlabContext {
  runner: 'gitlab';
  pipelineSource: string | null;
  projectId: string | null;
  /** CI_MERGE_REQUEST_PROJECT_ID: the merge request's (target) project. */
  mrProjectId: string | null;
  /** CI_MERGE_REQUEST_SOURCE_PROJECT_ID: where the MR's branch lives (a fork's id for fork MRs). */
  mrSourceProjectId: string | null;
  /** CI_COMMIT_REF_PROTECTED as given: "true", "false" or null when unset. */
  refProtected: string | null;
  refName: string | null;
}

/** No CI detected: a person or a cron job running the command. */
export interface ShellContext {
  runner: 'shell';
}

/** Everything the trust decision may look at. */
export type GateContext = ActionsContext | GitlabContext | ShellContext;

/** Reads a file as UTF-8 (injectable so tests can feed payloads without touching disk). */
export type ReadText = (path: string) => string;

const readUtf8: ReadText = (path) => readFileSync(path, 'utf8');

/** Which runner the environment belongs to, in the order FORGEJO_ACTIONS → GITEA_ACTIONS → ACT → GITHUB_ACTIONS → GITLAB_CI. */
export function detectRunner(env: NodeJS.ProcessEnv): Runner {
  if (env['FORGEJO_ACTIONS'] === 'true') return 'forgejo';
  if (env['GITEA_ACTIONS'] === 'true') return 'gitea';
  if (env['ACT'] === 'true') return 'act';
  if (env['GITHUB_ACTIONS'] === 'true') return 'github';
  if (env['GITLAB_CI'] === 'true') return 'gitlab';
  return 'shell';
}

/** Reads the run's context from the environment (and the event payload file it points at). */
export function readGateContext(env: NodeJS.ProcessEnv, readText: ReadText = readUtf8): GateContext {
  const runner = detectRunner(env);
  if (runner === 'shell') return { runner };
  if (runner === 'gitlab') {
    return {
      runner,
      pipelineSource: nonEmpty(env['CI_PIPELINE_SOURCE']),
      projectId: nonEmpty(env['CI_PROJECT_ID']),
      mrProjectId: nonEmpty(env['CI_MERGE_REQUEST_PROJECT_ID']),
      mrSourceProjectId: nonEmpty(env['CI_MERGE_REQUEST_SOURCE_PROJECT_ID']),
      refProtected: nonEmpty(env['CI_COMMIT_REF_PROTECTED']),
      refName: nonEmpty(env['CI_COMMIT_REF_NAME']),
    };
  }
  // The Forgejo runner duplicates every GITHUB_* default as FORGEJO_*; either may be the one present.
  const get = (name: string): string | null =>
    nonEmpty(env[`GITHUB_${name}`]) ?? (runner === 'forgejo' ? nonEmpty(env[`FORGEJO_${name}`]) : null);
  const eventPath = get('EVENT_PATH');
  return {
    runner,
    event: get('EVENT_NAME'),
    actor: get('ACTOR'),
    triggeringActor: get('TRIGGERING_ACTOR'),
    repository: get('REPOSITORY'),
    repositoryId: get('REPOSITORY_ID'),
    payload: eventPath === null ? { state: 'absent' } : readPayload(eventPath, readText),
  };
}

function readPayload(path: string, readText: ReadText): EventPayload {
  let text: string;
  try {
    text = readText(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { state: 'unreadable', problem: `cannot read ${path}${code ? ` (${code})` : ''}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { state: 'unreadable', problem: `${path} is not valid JSON` };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { state: 'unreadable', problem: `${path} does not hold a JSON object` };
  }
  return { state: 'ok', data: data as Record<string, unknown> };
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}
