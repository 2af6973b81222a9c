// `git ls-remote` succeeds anonymously on a public repository, so using it to prove a token works is
// a false green: a revoked token still "passes".

import type { Rule, RuleHit } from '../rule.js';
import { commandSpan, forEachScriptLine, withFollowing } from '../rule-helpers.js';
import { allMatches, credentialRefs, locate } from '../text.js';

const GIT_PROBE = /\bgit\b(?:\s+(?:-c\s+\S+|-C\s+\S+|--\S+))*\s+(ls-remote|fetch)\b/g;
const CONDITION = /(?:^|[;&|]\s*|\b(?:then|do|else)\s+)(?:if|elif|while|until)\s+(?:!\s*)?$/;
/** Words of a message that talks about the credential (the point of the check). */
const ABOUT_CREDENTIAL = /\b(?:token|credentials?|auth\w*|unauthori[sz]ed|401|403|permission|password|login|(?:in)?valid)\b/i;

/** `ls-remote-token-check`: `git ls-remote`/`fetch` used as the test of whether a credential works. */
export const lsRemoteTokenCheck: Rule = {
  id: 'ls-remote-token-check',
  title: 'git ls-remote/fetch used to validate a credential',
  description:
    'git ls-remote and git fetch succeed without any credential on a public repository (and on Gitea, git sends credentials only after a 401), so a check that a token works by running them passes with a revoked or junk token: a false green exactly when it matters.',
  remedy:
    'Check the token against the API instead (`GET /api/v1/user` on Gitea/Forgejo, `GET /user` on GitHub) and compare the login, or run `credcanary check --only NAME`, whose git-auth probe sends the credential up front and cannot fall back to anonymous.',
  severity: 'high',
  confidence: 'medium',
  check(file) {
    const hits: RuleHit[] = [];
    forEachScriptLine(file, true, (t) => t.includes('ls-remote') || t.includes('fetch'), (script, line, index, all) => {
      const text = line.text;
      if (!text.includes('ls-remote') && !text.includes('fetch')) return;
      for (const m of allMatches(GIT_PROBE, text)) {
        const before = text.slice(0, m.index);
        const [, end] = commandSpan(text, m.index);
        const command = text.slice(m.index, end);
        const after = text.slice(end).trimStart();
        // Output consumed (piped, captured) means refs are being listed, not a credential tested.
        if (after.startsWith('|') && !after.startsWith('||')) continue;
        if (/\$\(\s*$/.test(before)) continue;
        const asCondition = CONDITION.test(before) || after.startsWith('&&') || after.startsWith('||');
        const exitStatusNext = /^\s*(?:if\s+\[+\s*"?\$\?|\[+\s*"?\$\?)/.test(all[index + 1]?.text ?? '');
        if (!asCondition && !exitStatusNext) continue;
        const branch = withFollowing(text.slice(end), all, index + 1, index + 5);
        let messages = '';
        for (const x of branch.matchAll(/\b(?:echo|printf|::error|::warning|log\w*|die|fail\w*)\b[^\n]*/g)) messages += `${x[0]}\n`;
        if (!ABOUT_CREDENTIAL.test(messages)) continue;
        const withCredential = credentialRefs(command, script.secretEnv).length > 0 || /extraheader|GIT_ASKPASS|credential/i.test(command);
        hits.push({
          ...locate(line, m.index),
          message: `git ${m[1]} decides whether a credential works; it succeeds anonymously on public repositories, so a revoked token passes`,
          confidence: withCredential ? 'high' : 'medium',
        });
      }
    });
    return hits;
  },
};
