import { judgeTransient, judgeUnexpected, verdict } from '../core/judging.js';
import { judgeCommonRefusal } from '../core/refusals.js';
import type { Judgement } from '../core/verdict.js';
import type { ExpiryAnswer } from '../providers/types.js';
import { ask, defineProbe, type JudgeFacts } from './types.js';

/** What expiry learned: the provider's answer to "when does it expire". */
export type ExpiryObservation = ExpiryAnswer;

/** How long before its expiry a token is reported as `expiring` (a warning with time to rotate). */
export const EXPIRING_WITHIN_DAYS = 14;

/** Judges an expiry observation against `facts.now`. */
export function judgeExpiry(obs: ExpiryObservation, facts: JudgeFacts): Judgement {
  if (obs.kind === 'unknown') {
    const common = judgeCommonRefusal('expiry', null, obs.call, { credential: facts.credential, login: facts.persona.login, scopes: facts.spec.scopes });
    if (common) return common;
    if (obs.call.outcome.kind === 'transient') return judgeTransient('expiry', null, obs.call.request, obs.call.outcome);
    return judgeUnexpected('expiry', null, obs.call);
  }
  if (obs.kind === 'never') return verdict('expiry', null, 'pass', null, `The token has no expiry date (read from ${obs.source}).`, null, { source: obs.source });
  const at = new Date(obs.at);
  const days = (at.getTime() - facts.now.getTime()) / 86_400_000;
  const evidence = { expiresAt: obs.at, source: obs.source, daysLeft: Math.floor(days) };
  const remedy = `Remedy: mint a replacement for ${facts.persona.login} with ${facts.spec.scopes.join(', ') || 'the required scopes'}, update ${facts.credential} in every consumer, then revoke the old token.`;
  if (days <= 0) {
    return verdict('expiry', null, 'fail', 'expired', `Token expired on ${obs.at} (read from ${obs.source}).`, `Likely cause: nobody rotated it in time. ${remedy}`, evidence);
  }
  if (days <= EXPIRING_WITHIN_DAYS) {
    return verdict('expiry', null, 'warn', 'expiring', `Token expires in ${Math.max(0, Math.floor(days))} day(s), on ${obs.at} (read from ${obs.source}).`, `Likely cause: its lifetime is running out. ${remedy}`, evidence);
  }
  return verdict('expiry', null, 'pass', null, `Token expires on ${obs.at}, in ${Math.floor(days)} days (read from ${obs.source}).`, null, evidence);
}

/** `expiry`: the expiry date where the forge shows it (GitHub header, GitLab `expires_at`, an HTTP verify path). */
export const expiryProbe = defineProbe<null, ExpiryObservation>({
  id: 'expiry',
  phase: 'main',
  network: 'api',
  // An expiry read without a proven token could come from anything that answers (no header is "no expiry").
  needsIdentity: true,
  targets: () => [null],
  targetName: () => null,
  observe: (env) => ask(env.api, 'expiry')(env.shared.token ?? ''),
  judge: (obs, facts) => judgeExpiry(obs, facts),
});
