import { verdict } from '../core/judging.js';
import type { Judgement } from '../core/verdict.js';
import type { SecretSource } from '../inventory/schema.js';
import { readSecret, type SecretRead } from '../inventory/sources.js';
import { defineProbe, type JudgeFacts } from './types.js';

/** What presence saw: where it looked and what the source yielded (never the value). */
export interface PresenceObservation {
  source: string;
  read: SecretRead;
}

/** Human words for a secret source: `env AUTO_SYNC_TOKEN`, `file /run/secrets/x`. */
export function describeSource(source: SecretSource): string {
  if ('env' in source) return `env ${source.env}`;
  if ('file' in source) return `file ${source.file}`;
  if ('envFile' in source) return `${source.key} in env file ${source.envFile}`;
  return `command ${source.command[0] ?? ''}`;
}

/** Judges a presence observation. */
export function judgePresence(obs: PresenceObservation, facts: JudgeFacts): Judgement {
  const { read } = obs;
  if (read.ok) {
    const modeWarning = read.warnings.find((w) => w.class === 'file-mode');
    if (modeWarning) {
      return verdict('presence', null, 'warn', 'file-mode', `Secret present in ${obs.source}, but ${modeWarning.message}.`,
        `Likely cause: the file was created with a default umask. Remedy: chmod 600 it (and check who else could have read it).`,
        { source: obs.source });
    }
    return verdict('presence', null, 'pass', null, `Secret present in ${obs.source}.`, null, { source: obs.source });
  }
  if (read.reason === 'missing') {
    return verdict('presence', null, 'fail', 'missing', `Secret missing: ${read.message}.`,
      `Likely cause: ${facts.credential} is not provisioned where this runs (CI passes an unset secret as an empty string, so jobs that do not gate on it skip silently). ` +
        `Remedy: provision ${facts.credential} (a token of persona ${facts.persona.name}) in this environment's secret store, and add \`credcanary gate ${facts.credential}\` to the consuming job so it fails loudly when absent.`,
      { source: obs.source });
  }
  if (read.reason === 'malformed') {
    // Never `unreachable`: fetch would refuse (or silently trim) such a value, and the forge is not at fault.
    return verdict('presence', null, 'fail', 'malformed-secret', `Secret malformed: ${read.message}.`, read.remedy ?? null, { source: obs.source });
  }
  return verdict('presence', null, 'inconclusive', 'source-error', `Could not read the secret from ${obs.source}: ${read.message}.`,
    read.remedy ?? 'Likely cause: the secret source itself is broken (unreadable file, failing command). Remedy: fix the source; nothing is known about the token yet.',
    { source: obs.source });
}

/** `presence`: the source yields a non-empty value (an empty string is missing). */
export const presenceProbe = defineProbe<null, PresenceObservation>({
  id: 'presence',
  phase: 'source',
  network: 'none',
  targets: () => [null],
  targetName: () => null,
  async observe(env) {
    const source = env.facts.spec.source;
    const read = await readSecret(source, { dir: env.dir, env: env.env, timeoutMs: env.timeoutMs });
    env.shared.token = read.ok ? read.value : null;
    return { source: describeSource(source), read };
  },
  judge: (obs, facts) => judgePresence(obs, facts),
});
