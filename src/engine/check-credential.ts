import { verdict } from '../core/judging.js';
import { worstStatus } from '../core/status.js';
import type { Judgement, Verdict } from '../core/verdict.js';
import type { GitRunner } from '../git/runner.js';
import type { LoadedInventory } from '../inventory/schema.js';
import { readSecret } from '../inventory/sources.js';
import { PROBES } from '../probes/index.js';
import { notApplicable, type JudgeFacts, type PlannedProbe, type Probe, type ProbeEnv, type SharedState } from '../probes/types.js';
import type { ForgeApi } from '../providers/types.js';
import type { CredentialReport } from '../report/model.js';
import { redact, shownLast8 } from '../secrets/redact.js';
import type { CheckListener } from './events.js';

/** What one credential's check needs from the run around it. */
export interface CredentialRunContext {
  loaded: LoadedInventory;
  api: ForgeApi;
  git: GitRunner;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  now: Date;
  listener: CheckListener;
}

// Identity failures after which every further API request would only repeat the same rejection.
const TOKEN_UNUSABLE = new Set(['revoked', 'account-blocked']);
// Identity outcomes after which every further request would only wait out the same timeouts, which
// would stretch a run against a dead forge far past timeout × (retries + 1).
const FORGE_UNUSABLE = new Set(['unreachable', 'rate-limited']);

/** The static facts about one credential (persona login resolved). */
export function credentialFacts(loaded: LoadedInventory, name: string, now: Date): JudgeFacts {
  const inv = loaded.inventory;
  const spec = inv.credentials[name];
  if (!spec) throw new Error(`unknown credential ${name}`);
  const forge = inv.forges[spec.forge];
  const persona = inv.personas[spec.persona];
  // The loader guarantees both references exist; this guards against a caller skipping it.
  if (!forge || !persona) throw new Error(`credential ${name} references an undefined forge or persona`);
  return { credential: name, forgeName: spec.forge, forge, persona: { ...persona, name: spec.persona, login: persona.login ?? spec.persona }, spec, now };
}

async function timed(planned: PlannedProbe, env: ProbeEnv): Promise<Verdict> {
  const started = performance.now();
  let judgement: Judgement;
  try {
    judgement = await planned.execute(env);
  } catch (err) {
    // A probe bug must cost one verdict, not the run, and must never read as pass or fail.
    const message = redact(err instanceof Error ? err.message : String(err));
    judgement = verdict(planned.id, planned.target, 'inconclusive', 'unexpected-response', `The probe itself failed: ${message}.`,
      'Likely cause: a bug in credcanary or an unexpected environment. Remedy: run with CREDCANARY_DEBUG=1 and report it.', {});
  }
  return { ...judgement, durationMs: Math.round(performance.now() - started) };
}

function notRun(planned: PlannedProbe, why: string): Verdict {
  return { ...verdict(planned.id, planned.target, 'skipped', null, `Not run: ${why}.`, null, {}), durationMs: 0 };
}

function notForThisForge(planned: PlannedProbe, why: string): Verdict {
  return { ...verdict(planned.id, planned.target, 'skipped', 'not-applicable', `Not applicable: ${why}.`, null, {}), durationMs: 0 };
}

/** Runs every probe of one credential in phase order and returns its report. */
export async function checkCredential(name: string, ctx: CredentialRunContext): Promise<CredentialReport> {
  const facts = credentialFacts(ctx.loaded, name, ctx.now);
  const shared: SharedState = { token: null, identity: null };
  const env: ProbeEnv = {
    facts,
    api: ctx.api,
    git: ctx.git,
    dir: ctx.loaded.dir,
    env: ctx.env,
    timeoutMs: ctx.timeoutMs,
    shared,
    readSecret: async (source) => {
      const read = await readSecret(source, { dir: ctx.loaded.dir, env: ctx.env, timeoutMs: ctx.timeoutMs });
      return read.ok ? read.value : null;
    },
  };
  const plans = new Map<Probe, PlannedProbe[]>(PROBES.map((p) => [p, p.plan(facts)]));
  const results = new Map<PlannedProbe, Verdict>();
  const emit = (planned: PlannedProbe, v: Verdict): void => {
    results.set(planned, v);
    ctx.listener({ type: 'probe', credential: name, verdict: v });
  };
  const runPhase = async (phase: Probe['phase'], skip: (p: Probe) => string | null): Promise<void> => {
    const jobs: Array<Promise<void>> = [];
    for (const [probe, planned] of plans) {
      if (probe.phase !== phase) continue;
      // A probe whose question this forge cannot answer is not-applicable, whatever else happened.
      const na = notApplicable(ctx.api, probe.id);
      if (na) {
        for (const p of planned) emit(p, notForThisForge(p, na));
        continue;
      }
      const why = skip(probe);
      for (const p of planned) jobs.push(why ? Promise.resolve(emit(p, notRun(p, why))) : timed(p, env).then((v) => emit(p, v)));
    }
    await Promise.all(jobs);
  };

  await runPhase('source', () => null);
  const missing = shared.token === null ? 'the secret could not be read (see presence)' : null;
  await runPhase('identity', () => missing);
  const identity = [...results.entries()].find(([p]) => p.id === 'identity')?.[1];
  const cls = identity?.class ?? '';
  const tokenUnusable = TOKEN_UNUSABLE.has(cls) ? `identity failed (${cls}); every API request would be rejected the same way` : null;
  const forgeUnusable = FORGE_UNUSABLE.has(cls) ? `the forge gave identity no usable answer (${cls}); every request would wait the same way` : null;
  // No false green: what a token may do says nothing until identity has proven whose token it is.
  const unproven = shared.identity?.authenticated ? null : `identity could not be established${cls ? ` (${cls})` : ''}`;
  await runPhase('main', (p) =>
    missing ??
    (p.network === 'api' ? (tokenUnusable ?? forgeUnusable) : p.network === 'git' ? forgeUnusable : null) ??
    (p.needsIdentity ? unproven : null));

  // Report order: registry order, then target order, whatever order they finished in.
  const probes = [...plans.values()].flat().map((p) => results.get(p)).filter((v): v is Verdict => v !== undefined);
  const report: CredentialReport = {
    name,
    forge: facts.forgeName,
    persona: facts.persona.name,
    last8: shared.token ? shownLast8(shared.token) : null,
    status: worstStatus(probes.map((v) => v.status)),
    probes,
  };
  ctx.listener({ type: 'credential', report });
  return report;
}
