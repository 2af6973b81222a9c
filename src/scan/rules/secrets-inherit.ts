// `secrets: inherit` hands every repository and organisation secret to a reusable workflow.

import type { Rule, RuleHit } from '../rule.js';

/** `secrets-inherit`: a job passes `secrets: inherit` to a reusable workflow. */
export const secretsInherit: Rule = {
  id: 'secrets-inherit',
  title: 'secrets: inherit passes every secret to a reusable workflow',
  description:
    'secrets: inherit gives the called workflow every secret of the repository and organisation, whether it needs them or not. Nobody can tell from the caller which credentials the call depends on, so a rotation or revocation cannot be traced to the jobs it breaks, and a compromised or changed callee gets everything.',
  remedy:
    'Pass only the secrets the reusable workflow declares under on.workflow_call.secrets: `secrets: { DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }} }`, and list them as its credentials in credcanary.yaml.',
  severity: 'medium',
  confidence: 'high',
  check(file) {
    const hits: RuleHit[] = [];
    for (const job of file.workflow?.jobs ?? []) {
      if (!job.secretsInherit) continue;
      hits.push({ ...job.secretsInherit, message: `job "${job.id}" passes secrets: inherit to ${job.uses ?? 'a reusable workflow'}: every secret goes to the callee and the ones it needs are not named` });
    }
    return hits;
  },
};
