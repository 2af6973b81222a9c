import type { Judgement, ProbeId } from '../core/verdict.js';
import type { CredentialSpec, ForgeSpec, PersonaSpec, SecretSource } from '../inventory/schema.js';
import type { ForgeApi } from '../providers/types.js';
import { PROBE_QUESTIONS } from '../providers/types.js';
import type { GitRunner } from '../git/runner.js';

/** A persona with its forge login resolved (the key, unless `login` overrides it). */
export interface ResolvedPersona extends PersonaSpec {
  name: string;
  login: string;
}

/** What `identity` established: whether the token presentation authenticated as the persona, and as whom. */
export interface IdentityProof {
  /**
   * Identity passed: the forge itself answered this exact presentation (`Authorization: token …`) as
   * the persona, and refused the anonymous control definitively. Probes that need a known identity
   * run only then.
   */
  authenticated: boolean;
  /** The login it resolved to, when the forge said. */
  login: string | null;
  /** The forge itself answered identity's request (in its own JSON, whatever the status): its API is at `url`. */
  forgeAnswered: boolean;
}

/** Facts probes hand on to later phases of the same credential. */
export interface SharedState {
  token: string | null;
  identity: IdentityProof | null;
}

/** Static facts a judge may use: no I/O, so judges stay pure. */
export interface JudgeFacts {
  credential: string;
  forgeName: string;
  forge: ForgeSpec;
  persona: ResolvedPersona;
  spec: CredentialSpec;
  now: Date;
}

/** Everything a probe's observation may use. */
export interface ProbeEnv {
  facts: JudgeFacts;
  api: ForgeApi;
  git: GitRunner;
  /** Folder of the inventory: relative paths resolve against it. */
  dir: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  shared: SharedState;
  /** Reads another secret (the persona's password, say), registering it for redaction. */
  readSecret(source: SecretSource): Promise<string | null>;
}

/** When a probe runs: `source` yields the token, `identity` proves it, `main` probes run after, concurrently. */
export type ProbePhase = 'source' | 'identity' | 'main';

/** Which of the forge's endpoints a probe contacts. */
export type ProbeNetwork = 'api' | 'git' | 'none';

/** One probe: which targets it looks at, how it observes one, and the pure judge of that observation. */
export interface ProbeSpec<Target, Observation> {
  id: ProbeId;
  phase: ProbePhase;
  /** What it talks to: a rejected token makes `api` probes pointless, an unreachable forge `api` and `git` ones. */
  network: ProbeNetwork;
  /** Runs only when `identity` passed (DESIGN.md rule 1); otherwise `skipped`, naming why. */
  needsIdentity?: boolean;
  targets(facts: JudgeFacts): Target[];
  targetName(target: Target): string | null;
  observe(env: ProbeEnv, target: Target): Promise<Observation>;
  judge(observation: Observation, facts: JudgeFacts, target: Target): Judgement;
}

/** A probe ready to run, with its type parameters erased for the registry. */
export interface Probe {
  id: ProbeId;
  phase: ProbePhase;
  network: ProbeNetwork;
  needsIdentity: boolean;
  plan(facts: JudgeFacts): PlannedProbe[];
}

/** One target of one probe, ready to observe and judge. */
export interface PlannedProbe {
  id: ProbeId;
  target: string | null;
  execute(env: ProbeEnv): Promise<Judgement>;
}

/** Erases a probe spec's types so every probe fits one registry. */
export function defineProbe<T, O>(spec: ProbeSpec<T, O>): Probe & { spec: ProbeSpec<T, O> } {
  return {
    id: spec.id,
    phase: spec.phase,
    network: spec.network,
    needsIdentity: spec.needsIdentity ?? false,
    spec,
    plan: (facts) =>
      spec.targets(facts).map((target) => ({
        id: spec.id,
        target: spec.targetName(target),
        execute: async (env) => spec.judge(await spec.observe(env, target), env.facts, target),
      })),
  };
}

/** The forge questions, by the ForgeApi method that answers them. */
type Question = 'identity' | 'scopes' | 'repository' | 'branch' | 'rawFile' | 'expiry' | 'gitRemote';

/**
 * The provider's method answering a question, bound to it. The engine runs a probe only when the provider
 * answers its question (providers/types.ts PROBE_QUESTIONS), so a missing one is a bug, reported as such.
 */
export function ask<K extends Question>(api: ForgeApi, question: K): NonNullable<ForgeApi[K]> {
  const method = api[question];
  if (typeof method !== 'function') throw new Error(`the ${api.family} provider does not answer ${question}`);
  return (method as (...args: unknown[]) => unknown).bind(api) as NonNullable<ForgeApi[K]>;
}

/** Why a probe cannot run on this forge (its provider says so, or does not answer the probe's question); null when it can. */
export function notApplicable(api: ForgeApi, probe: ProbeId): string | null {
  // A probe that asks the forge nothing (presence) applies everywhere.
  const question = PROBE_QUESTIONS[probe];
  if (!question) return null;
  const said = api.unsupported(probe);
  if (said) return said;
  return typeof api[question] !== 'function' ? `the ${api.family} provider cannot answer this probe's question (${question})` : null;
}
