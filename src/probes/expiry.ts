import { verdict } from '../core/judging.js';
import type { Judgement } from '../core/verdict.js';
import { defineProbe, type JudgeFacts } from './types.js';

/** What expiry could learn; Gitea and Forgejo personal access tokens carry no expiry at all. */
export interface ExpiryObservation {
  forgeType: JudgeFacts['forge']['type'];
}

/** Judges an expiry observation. */
export function judgeExpiry(obs: ExpiryObservation): Judgement {
  return verdict('expiry', null, 'skipped', 'not-applicable',
    `${obs.forgeType === 'forgejo' ? 'Forgejo' : 'Gitea'} access tokens do not expire, so there is no expiry to watch.`, null,
    { forgeType: obs.forgeType });
}

/** `expiry`: expiry where the forge exposes it; skipped on Gitea/Forgejo, whose tokens do not expire. */
export const expiryProbe = defineProbe<null, ExpiryObservation>({
  id: 'expiry',
  phase: 'main',
  network: 'none',
  targets: () => [null],
  targetName: () => null,
  observe: async (env) => ({ forgeType: env.facts.forge.type }),
  judge: (obs) => judgeExpiry(obs),
});
