import { judgeCommonRefusal } from '../core/refusals.js';
import type { Judgement, ProbeId } from '../core/verdict.js';
import type { ApiCall } from '../providers/types.js';
import type { JudgeFacts } from './types.js';

/**
 * The answers every authenticated API probe judges the same way, on every forge: transient faults, a
 * refused token (revoked, expired), rate limits and missing scopes, as the provider read them. Returns
 * null when the response is for the probe itself to judge.
 */
export function judgeCommonRejection(id: ProbeId, target: string | null, o: ApiCall, facts: JudgeFacts): Judgement | null {
  return judgeCommonRefusal(id, target, o, { credential: facts.credential, login: facts.persona.login, scopes: facts.spec.scopes });
}
