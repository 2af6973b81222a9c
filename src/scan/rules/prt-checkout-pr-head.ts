// pull_request_target and workflow_run run with the base repository's secrets and a write token;
// checking out the pull request's head there runs an outsider's code with them ("pwn request").

import type { Rule, RuleHit } from '../rule.js';
import type { WorkflowJob } from '../workflow.js';

const PRIVILEGED = new Set(['pull_request_target', 'workflow_run']);
const HEAD_REF =
  /pull_request\.head\.(?:sha|ref)|github\.head_ref|refs\/pull\/|pull\/\$|pull\/\$\{|github\.event\.number|pull_request\.number|workflow_run\.head_(?:sha|branch)|workflow_run\.head_commit|workflow_run\.pull_requests/;
const HEAD_REPO = /pull_request\.head\.repo|workflow_run\.head_repository/;
const RUN_CHECKOUT = /\bgh\s+pr\s+checkout\b|\bgit\s+(?:fetch|checkout|switch|pull)\b[^\n]*(?:pull\/|head\.sha|head\.ref|head_ref|HEAD_SHA|HEAD_REF|PR_HEAD|head_sha|head_branch)/;
/** A job condition that admits only same-repository pull requests (no outsider code). */
const SAME_REPO_GUARD = /head\.repo\.full_name\s*==\s*github\.repository|github\.repository\s*==\s*github\.event\.pull_request\.head\.repo\.full_name|head\.repo\.fork\s*==\s*false|!\s*github\.event\.pull_request\.head\.repo\.fork|head_repository\.full_name\s*==\s*github\.repository/;

/** Where a job checks out or runs the PR head, if it does. */
function headCheckout(job: WorkflowJob): { line: number; column: number; how: string } | null {
  for (const step of job.steps) {
    if (step.uses && /(?:^|\/)checkout@/.test(step.uses)) {
      const ref = step.with.get('ref');
      const repo = step.with.get('repository');
      if (ref && HEAD_REF.test(ref.text)) return { line: ref.line, column: ref.column, how: `checks out ref ${ref.text.trim()}` };
      if (repo && HEAD_REPO.test(repo.text)) return { line: repo.line, column: repo.column, how: `checks out the head repository ${repo.text.trim()}` };
    }
    for (const l of step.run?.lines ?? []) {
      const m = RUN_CHECKOUT.exec(l.text);
      if (m && !l.text.trimStart().startsWith('#')) return { line: l.line, column: l.column + m.index, how: 'fetches and checks out the pull request head' };
    }
  }
  return null;
}

/** `prt-checkout-pr-head`: a privileged trigger with a PR-head checkout and secrets or a write token. */
export const prtCheckoutPrHead: Rule = {
  id: 'prt-checkout-pr-head',
  title: 'pull_request_target/workflow_run checks out the pull request head',
  description:
    'Workflows triggered by pull_request_target or workflow_run run in the base repository with its secrets and a GITHUB_TOKEN that can write, even for pull requests from forks. Checking out (and then building or running) the pull request head there executes code from anyone who opens a pull request, with those secrets and that token.',
  remedy:
    'Use the pull_request trigger for anything that runs the contributor\'s code (it gets no secrets from forks), and keep pull_request_target jobs to the base checkout. If the head must be built, do it in an unprivileged pull_request workflow and pass only artifacts (treated as untrusted data) to a privileged one; set `permissions: read-all`, `persist-credentials: false`, and never expose secrets to that job.',
  severity: 'critical',
  confidence: 'high',
  check(file) {
    const wf = file.workflow;
    if (!wf) return [];
    const events: string[] = [];
    for (const t of wf.triggers) if (PRIVILEGED.has(t.event)) events.push(t.event);
    if (events.length === 0) return [];
    const hits: RuleHit[] = [];
    for (const job of wf.jobs) {
      if (job.if && SAME_REPO_GUARD.test(job.if.text)) continue;
      const checkout = headCheckout(job);
      if (!checkout) continue;
      const secrets = [...new Set(job.secrets.filter((s) => !s.automatic).map((s) => (s.name === '*' ? 'every secret' : s.name)))];
      const trigger = events.join('/');
      if (secrets.length > 0) {
        hits.push({ line: checkout.line, column: checkout.column, message: `${trigger} job "${job.id}" ${checkout.how} with ${secrets.join(', ')} available: a pull request's code runs with the base repository's secrets` });
      } else if (job.permissions === 'write') {
        hits.push({ line: checkout.line, column: checkout.column, severity: 'high', message: `${trigger} job "${job.id}" ${checkout.how} with a write GITHUB_TOKEN: a pull request's code runs with write access to the base repository` });
      } else if (job.permissions === 'default') {
        hits.push({ line: checkout.line, column: checkout.column, severity: 'high', confidence: 'medium', message: `${trigger} job "${job.id}" ${checkout.how} and sets no permissions, so its GITHUB_TOKEN may write: a pull request's code runs with it` });
      }
    }
    return hits;
  },
};
