// curl exits 0 on HTTP 401/403/404/500: without --fail (or a status check) a revoked token turns an
// API call into a silent no-op and the job stays green.

import type { Rule, RuleHit } from '../rule.js';
import { afterCommand, commandSpan, forEachScriptLine, withFollowing } from '../rule-helpers.js';
import { allMatches, credentialRefs, locate, type LogicalLine } from '../text.js';

const CURL = /(?:^|[\s;&|(`])curl(?=\s)/g;
const FAIL_FLAG = /\s(?:--fail(?:-with-body|-early)?|-[a-zA-Z]*f[a-zA-Z]*)(?=\s|$|["'])/;
const STATUS_CHECK = /(?:-w|--write-out)\s*=?\s*\S*(?:http_code|response_code)/;
const AUTH_HEADER = /authorization\s*:|private-token\s*:|x-api-key\s*:|x-auth-token\s*:|(?:^|\s)(?:-u|--user)\s/i;

const CAPTURE = /([A-Za-z_][A-Za-z0-9_]*)=(?:\$\(|`)\s*$/;

/**
 * Is the answer of a captured curl (`VAR=$(curl …)`) inspected afterwards? True when a test of VAR
 * (or of a variable derived from it) within the next lines leads to an `exit` or `::error`.
 */
function answerChecked(before: string, all: LogicalLine[], index: number): boolean {
  const captured = CAPTURE.exec(before)?.[1];
  if (!captured) return false;
  const derived = new Set([captured]);
  const mentions = (text: string): boolean => [...derived].some((v) => new RegExp(`\\$\\{?${v}\\b`).test(text));
  const following = all.slice(index + 1, index + 13);
  for (let i = 0; i < following.length; i++) {
    const text = following[i]?.text ?? '';
    const assigned = /^\s*(?:local\s+)?([A-Za-z_][A-Za-z0-9_]*)=/.exec(text)?.[1];
    if (assigned && mentions(text)) derived.add(assigned);
    if (/(?:^|\s)(?:if|elif|\[\[?|test)\s/.test(text) && mentions(text)) {
      const branch = withFollowing(text, following, i + 1, i + 5);
      if (/\bexit\b|::error/.test(branch)) return true;
    }
  }
  return false;
}

/** `curl-no-fail`: curl sends a credential to an API and nothing notices an HTTP error status. */
export const curlNoFail: Rule = {
  id: 'curl-no-fail',
  title: 'curl with a credential but no --fail or status check',
  description:
    'curl exits 0 whatever HTTP status the server answers. A request that sends a token without --fail (or --fail-with-body, or an explicit check of %{http_code}) succeeds when the token has been revoked (401), lost its scope (403) or its repository (404): the job stays green while doing nothing.',
  remedy:
    'Add `--fail-with-body` (or `-f`) so an HTTP error fails the step, or capture `-w "%{http_code}"` and check it explicitly; `set -e`/`pipefail` alone do not help because curl itself succeeded.',
  severity: 'medium',
  confidence: 'high',
  check(file) {
    const hits: RuleHit[] = [];
    forEachScriptLine(file, true, (t) => t.includes('curl'), (script, line, index, all) => {
      const text = line.text;
      if (!text.includes('curl')) return;
      for (const m of allMatches(CURL, text)) {
        const start = m.index + m[0].indexOf('curl');
        const [, end] = commandSpan(text, start);
        const command = text.slice(start, end);
        if (!/https?:\/\/|\$\{?[A-Za-z_]|\$\{\{/.test(command)) continue;
        const refs = credentialRefs(command, script.secretEnv).filter((r) => !r.automatic || AUTH_HEADER.test(command));
        if (refs.length === 0) continue;
        if (FAIL_FLAG.test(command) || STATUS_CHECK.test(command)) continue;
        // The output checked on the same line (`| jq -e`, `| grep -q`) is a check of the answer.
        const after = afterCommand(text, end);
        if (answerChecked(text.slice(0, start), all, index)) continue;
        if (/^\|\s*(?:jq\s+(?:-\w+\s+)*-e|jq\s+--exit-status|grep\s+-\w*q)/.test(after)) continue;
        const ref = refs[0];
        if (!ref) continue;
        hits.push({
          ...locate(line, start),
          message: `curl sends ${ref.label} without --fail or a status-code check: a 401/403/404 answer leaves the step green`,
          confidence: ref.fromSecret || AUTH_HEADER.test(command) ? 'high' : 'medium',
        });
      }
    });
    return hits;
  },
};
