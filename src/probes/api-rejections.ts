import { judgeForeign, judgeRejectedToken, judgeTransient, verdict, type Observed } from '../core/judging.js';
import { parseScopeRejection } from '../core/gitea-scopes.js';
import type { Judgement, ProbeId } from '../core/verdict.js';
import type { JudgeFacts } from './types.js';

/**
 * The answers every authenticated API probe judges the same way: transient faults, answers that are
 * not the forge's (never a verdict about the token), 401 and scope 403s. Returns null when the
 * response is the forge's and for the probe itself to judge.
 */
export function judgeCommonRejection(id: ProbeId, target: string | null, o: Observed, facts: JudgeFacts): Judgement | null {
  if (o.outcome.kind === 'transient') return judgeTransient(id, target, o.request, o.outcome);
  if (o.speaker !== 'forge') return judgeForeign(id, target, o);
  const status = o.outcome.status;
  if (status === 401) return judgeRejectedToken(id, target, o, facts.credential, facts.persona.login);
  if (status === 403 && o.message) {
    const rejection = parseScopeRejection(o.message);
    if (rejection) {
      return verdict(id, target, 'fail', 'scope-missing',
        `${o.request} returned 403: the token lacks ${rejection.required.join(', ')}.`,
        `Likely cause: the token was minted (or re-minted during a rotation) without that scope; Gitea scopes cannot be edited. Remedy: mint a replacement for ${facts.persona.login} with scopes ${facts.spec.scopes.join(', ')} and update ${facts.credential}.`,
        { httpStatus: 403, required: rejection.required, ...(rejection.tokenScopes ? { tokenScopes: rejection.tokenScopes } : {}) });
    }
    if (/token scope is limited to public/i.test(o.message)) {
      return verdict(id, target, 'fail', 'scope-missing', `${o.request} returned 403 (${o.message}).`,
        `Likely cause: the token was minted with public-only. Remedy: mint a replacement without public-only and update ${facts.credential}.`,
        { httpStatus: 403 });
    }
  }
  return null;
}
