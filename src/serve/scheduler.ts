import type { Logger } from 'pino';
import { parseAlertState, stepAlert } from '../core/alerts.js';
import { nextRegularDue } from '../core/schedule.js';
import type { Status } from '../core/status.js';
import { checkInventory } from '../engine/run-check.js';
import { redact } from '../secrets/redact.js';
import type { Claim, Store } from '../store/types.js';
import type { ServeConfig } from './config.js';
import { causeOf, credentialMessage, outboxRows } from './messages.js';
import type { ServeMetrics } from './metrics.js';
import { randomUUID } from 'node:crypto';

// Runs due checks: claims them from the store (a lease, so several instances never run one due time
// twice), runs each through the engine's checkInventory, and records the run, the alert state and its
// alerts in one transaction. A credential is never run twice at once: its lease is held until the run
// is recorded, and this instance skips credentials it is still running.

/** What the scheduler needs. */
export interface SchedulerDeps {
  store: Store;
  config: ServeConfig;
  owner: string;
  logger: Logger;
  metrics: ServeMetrics;
  channels: readonly string[];
  now: () => number;
  /** How long a claim is held before another instance may take it over (an instance killed mid-check). */
  leaseMs: number;
  concurrency: number;
}

/** The scheduler of one instance. */
export class Scheduler {
  private readonly inFlight = new Map<string, Promise<Status | null>>();
  private readonly unreleased = new Set<string>();
  private stopping = false;
  /** When the last tick completed (readiness). */
  lastTickAt = 0;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Claims what is due and starts it; resolves when the claims are made (not when the runs finish). */
  async tick(only?: readonly string[]): Promise<Array<Promise<Status | null>>> {
    if (this.stopping) return [];
    for (const credential of [...this.unreleased]) {
      if (this.inFlight.has(credential)) continue;
      await this.deps.store.releaseClaim(credential, this.deps.owner);
      this.unreleased.delete(credential);
    }
    const free = this.deps.concurrency - this.inFlight.size;
    const started: Array<Promise<Status | null>> = [];
    if (free > 0) {
      const claims = await this.deps.store.claimDue(this.deps.owner, this.deps.now(), this.deps.leaseMs, free, only);
      for (const claim of claims) {
        if (this.inFlight.has(claim.credential)) continue;
        const run = this.run(claim)
          .catch((err: unknown) => {
            // The run could not be recorded (a database outage): give the lease back at the next good tick,
            // so the check runs again now rather than when the lease expires.
            this.deps.logger.error({ credential: claim.credential, err: redact((err as Error).message) }, 'run not recorded; it will run again');
            this.unreleased.add(claim.credential);
            return null;
          })
          .finally(() => this.inFlight.delete(claim.credential));
        this.inFlight.set(claim.credential, run);
        started.push(run);
      }
    }
    this.lastTickAt = this.deps.now();
    return started;
  }

  /** Stops claiming and waits up to `timeoutMs` for running checks; those still running give their lease back. */
  async drain(timeoutMs: number): Promise<void> {
    this.stopping = true;
    const all = Promise.allSettled([...this.inFlight.values()]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    for (const credential of this.inFlight.keys()) await this.deps.store.releaseClaim(credential, this.deps.owner).catch(() => {});
  }

  /** Names of the credentials running now. */
  claimedNames(): string[] {
    return [...this.inFlight.keys()];
  }

  /** Credentials running now. */
  get running(): number {
    return this.inFlight.size;
  }

  private async run(claim: Claim): Promise<Status | null> {
    const { config, store, logger, now } = this.deps;
    const name = claim.credential;
    const cadence = config.cadences.get(name);
    if (!cadence) {
      // A credential removed from the inventory: leave its history, never run it.
      await store.releaseClaim(name, this.deps.owner);
      return null;
    }
    const startedAt = now();
    let report;
    try {
      const full = await checkInventory(config.loaded, { only: [name], env: config.env, logger, now: () => new Date(now()) });
      report = full.credentials[0];
    } catch (err) {
      logger.error({ credential: name, err: redact((err as Error).message) }, 'check failed to run');
    }
    if (!report || this.stopping) {
      // A check that could not run at all (a configuration the engine refuses) waits for its next regular
      // time instead of being retried every tick; one interrupted by a drain keeps its due time.
      const retryAt = this.stopping ? undefined : nextRegularDue(name, cadence, claim.dueAt, now());
      await store.releaseClaim(name, this.deps.owner, retryAt).catch(() => {});
      return null;
    }
    const finishedAt = now();
    for (const probe of report.probes) this.deps.metrics.probeDuration.observe({ probe: probe.id }, probe.durationMs / 1000);
    const prev = parseAlertState(claim.alert);
    const cause = causeOf(report);
    const step = stepAlert(prev, report.status, cause.class, finishedAt, config.policy);
    // A confirmation or on-demand run comes before the regular due time and leaves the schedule alone.
    const regular = claim.dueAt >= claim.regularAt;
    const nextRegularAt = regular ? nextRegularDue(name, cadence, claim.dueAt, finishedAt) : claim.regularAt;
    const nextDueAt = Math.min(nextRegularAt, step.confirmAt ?? Number.POSITIVE_INFINITY);
    const consumers = config.consumersOf.get(name) ?? [];
    const alerts = step.events.flatMap((event) =>
      outboxRows(credentialMessage(event, report, consumers, finishedAt, prev.lastAlertAt), this.deps.channels, name),
    );
    const runId = randomUUID();
    const ok = report.status === 'pass' || report.status === 'warn';
    const recorded = await store.finishRun({
      claim,
      owner: this.deps.owner,
      run: {
        id: runId,
        credential: name,
        due_at: claim.dueAt,
        started_at: startedAt,
        finished_at: finishedAt,
        status: report.status,
        class: cause.class,
        instance: this.deps.owner,
        report: redact(JSON.stringify(report)),
      },
      probes: report.probes.map((p, seq) => ({
        run_id: runId,
        seq,
        probe: p.id,
        target: p.target,
        status: p.status,
        class: p.class,
        summary: redact(p.summary),
        duration_ms: p.durationMs,
      })),
      nextDueAt,
      nextRegularAt,
      alert: JSON.stringify(step.state),
      lastSuccessAt: ok ? finishedAt : null,
      transitions:
        step.state.phase !== prev.phase
          ? [{ subjectKind: 'credential', subject: name, from: prev.phase, to: step.state.phase, muted: false, detail: cause.class ?? report.status }]
          : [],
      alerts,
    });
    if (!recorded) {
      logger.warn({ credential: name, dueAt: new Date(claim.dueAt).toISOString() }, 'run dropped: another instance ran this due time');
      return null;
    }
    logger.info({ credential: name, status: report.status, class: cause.class, last8: report.last8, alerts: step.events }, 'credential checked');
    return report.status;
  }
}
