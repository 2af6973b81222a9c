// continue-on-error on a step that uses a secret turns a revoked token into a green job.

import type { SecretUse } from '../model.js';
import type { Rule, RuleHit } from '../rule.js';

/** Names of the non-automatic secrets among `uses`, deduplicated. */
function userSecrets(uses: readonly SecretUse[]): string[] {
  return [...new Set(uses.filter((u) => !u.automatic).map((u) => (u.name === '*' ? 'every secret' : u.name)))];
}

/** `continue-on-error-with-secret`: `continue-on-error: true` on a step or job that reads a secret. */
export const continueOnErrorWithSecret: Rule = {
  id: 'continue-on-error-with-secret',
  title: 'continue-on-error on a step or job that uses a secret',
  description:
    'With continue-on-error: true, a step (or job) that fails still lets the run succeed. When that step uses a secret, a missing, revoked or re-scoped token makes it fail, and nobody is told: the workflow stays green while the work it exists for is not done.',
  remedy:
    'Remove continue-on-error from steps that use credentials. If the step may legitimately be skipped (fork pull requests have no secrets), decide that explicitly with `credcanary gate NAME` before it: it fails in trusted runs and only warns in untrusted ones.',
  severity: 'medium',
  confidence: 'high',
  check(file) {
    const hits: RuleHit[] = [];
    for (const job of file.workflow?.jobs ?? []) {
      if (job.continueOnError) {
        const names = userSecrets(job.secrets);
        if (names.length > 0) {
          hits.push({ ...job.continueOnError, message: `continue-on-error: true on job "${job.id}", which uses ${names.join(', ')}: a failing credential leaves the run green` });
        }
      }
      for (const step of job.steps) {
        if (!step.continueOnError) continue;
        const names = userSecrets(step.secrets);
        if (names.length === 0) continue;
        const label = step.name ?? step.uses ?? `#${step.index + 1}`;
        hits.push({ ...step.continueOnError, message: `continue-on-error: true on step "${label}" of job "${job.id}", which uses ${names.join(', ')}: a failing credential leaves the job green` });
      }
    }
    return hits;
  },
};
