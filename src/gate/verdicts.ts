import { countStatuses, worstStatus } from '../core/status.js';
import type { Verdict } from '../core/verdict.js';
import { REPORT_SCHEMA, type CredentialReport, type Report } from '../report/model.js';
import { shownLast8 } from '../secrets/redact.js';
import { NOT_FROM_INVENTORY } from '../report/text.js';
import type { GateContext } from './context.js';
import type { TrustDecision } from './decide.js';

// The gate's findings as `presence` verdicts in a credcanary.report/v1 document, so the shared report
// formatters (workflow commands, plain block, step summary, JUnit) render the gate like a check.

/** What the gate found for one secret. */
export interface SecretPresence {
  name: string;
  /** The value, when non-empty. Used only for last8; never printed. */
  value: string | null;
}

/**
 * Reads each named secret from the environment; an empty string is missing (how CI passes an unset
 * secret), and so is one of whitespace alone (a blank line pasted into the secret store is no token).
 */
export function readSecrets(names: readonly string[], env: NodeJS.ProcessEnv): SecretPresence[] {
  return names.map((name) => {
    // Own properties only: `constructor` or `__proto__` must not find Object.prototype's.
    const value = Object.hasOwn(env, name) ? env[name] : undefined;
    return { name, value: typeof value !== 'string' || value.trim() === '' ? null : value };
  });
}

/** `gitea event "push" in acme/core`: the run in words, for messages. */
export function describeContext(ctx: GateContext): string {
  switch (ctx.runner) {
    case 'shell':
      return 'a plain shell (no CI runner detected)';
    case 'gitlab':
      return `GitLab pipeline "${ctx.pipelineSource ?? 'unknown source'}"${ctx.refName ? ` on ${ctx.refName}` : ''}`;
    default:
      return `${ctx.runner} event "${ctx.event ?? 'none'}"${ctx.repository ? ` in ${ctx.repository}` : ''}`;
  }
}

/** Where and how to provision a secret on this runner. */
export function provisionRemedy(name: string, ctx: GateContext): string {
  const mapping = `and map it into this step: env: ${name}: \${{ secrets.${name} }}`;
  switch (ctx.runner) {
    case 'github':
      return `Provision ${name}: add it under Settings → Secrets and variables → Actions (repository, environment or organisation secret) ${mapping}. If the token was rotated, store the new one under the same name.`;
    case 'gitea':
    case 'forgejo':
      return `Provision ${name}: add it under the repository's or organisation's Settings → Actions → Secrets ${mapping}. If the token was rotated, store the new one under the same name.`;
    case 'act':
      return `Provision ${name}: pass it to act with -s ${name} (or --secret-file FILE).`;
    case 'gitlab':
      return `Provision ${name}: add it under Settings → CI/CD → Variables (masked). A protected variable reaches only pipelines on protected branches and tags.`;
    case 'shell':
      return `Provision ${name}: export it in this environment (for a cron job: in the crontab or the env file the job sources).`;
  }
}

function skipHint(ctx: GateContext): string {
  return ctx.runner === 'gitlab'
    ? 'Jobs that need it should not run here (rules: if: $CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_MERGE_REQUEST_PROJECT_ID, or run them on protected refs).'
    : "Later steps can skip with if: steps.<gate step id>.outputs.present == 'true'.";
}

/** The `presence` verdict of one secret under a trust decision. */
export function presenceVerdict(secret: SecretPresence, ctx: GateContext, decision: TrustDecision): Verdict {
  const where = describeContext(ctx);
  const evidence = { ...decision.evidence, rule: decision.rule, trusted: decision.trusted };
  const base = { id: 'presence' as const, target: null, durationMs: 0, evidence };
  if (secret.value !== null) {
    return { ...base, status: 'pass', class: null, summary: `${secret.name} is set`, remedy: null };
  }
  if (decision.trusted) {
    return {
      ...base,
      status: 'fail',
      class: 'missing',
      summary: `${secret.name} is missing or empty in a trusted context (${where}, rule ${decision.rule}): the job that needs it cannot work.`,
      remedy: provisionRemedy(secret.name, ctx),
    };
  }
  return {
    ...base,
    status: 'warn',
    class: 'missing',
    summary: `${secret.name} is missing in an untrusted context (${where}, rule ${decision.rule}): the forge withholds secrets here by design.`,
    remedy: `Nothing to provision for this run. ${skipHint(ctx)}`,
  };
}

/** The gate's result as a report document. */
export function gateReport(secrets: readonly SecretPresence[], ctx: GateContext, decision: TrustDecision, startedAt: Date, now: Date): Report {
  const credentials: CredentialReport[] = secrets.map((secret) => {
    const verdict = presenceVerdict(secret, ctx, decision);
    return { name: secret.name, forge: NOT_FROM_INVENTORY, persona: NOT_FROM_INVENTORY, last8: secret.value === null ? null : shownLast8(secret.value), status: verdict.status, probes: [verdict] };
  });
  return assembleReport(credentials, startedAt, now);
}

/** A report over `credentials`, with status and counts derived from their verdicts. */
export function assembleReport(credentials: CredentialReport[], startedAt: Date, now: Date): Report {
  const verdicts = credentials.flatMap((c) => c.probes);
  return {
    schema: REPORT_SCHEMA,
    status: worstStatus(credentials.map((c) => c.status)),
    startedAt: startedAt.toISOString(),
    finishedAt: now.toISOString(),
    durationMs: Math.max(0, now.getTime() - startedAt.getTime()),
    counts: countStatuses(verdicts.map((v) => v.status)),
    credentials,
  };
}

/**
 * `--verify`: the check's credential report replaces the gate's for each secret it covers (the check
 * has its own `presence` probe), so one document carries both.
 */
export function mergeReports(gate: Report, check: Report, now: Date): Report {
  const checked = new Map(check.credentials.map((c) => [c.name, c]));
  const credentials = gate.credentials.map((c) => checked.get(c.name) ?? c);
  for (const c of check.credentials) if (!gate.credentials.some((g) => g.name === c.name)) credentials.push(c);
  return assembleReport(credentials, new Date(gate.startedAt), now);
}
