import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { initialHeartbeat, nextWake, onPing, onTick, parseHeartbeat, pause, type HeartbeatState, type HeartbeatStep, type PingKind } from '../core/heartbeat.js';
import { redact } from '../secrets/redact.js';
import type { ConsumerChange, ConsumerStateRow, PingInput, Store } from '../store/types.js';
import type { ServeConfig } from './config.js';
import { consumerMessage, outboxRows } from './messages.js';
import { pingId, slugKey } from './ping-ids.js';

// Heartbeat ingestion and the late/down clock. Pings are acknowledged only after their transaction
// commits; pings arriving together share one transaction (group commit), which is what lets one
// SQLite file take thousands of pings a second.

/** Bytes of a ping body kept; the rest is dropped and the ping marked truncated. */
export const MAX_PING_BODY = 10 * 1024;

/** What the HTTP layer hands over for one ping. */
export interface PingRequest {
  consumer: string;
  kind: PingKind;
  exitStatus: number | null;
  rid: string | null;
  method: string;
  remote: string | null;
  userAgent: string | null;
  body: string | null;
  truncated: boolean;
}

/** Extra scrubbing of ping bodies: encoded forms of known secrets (raw forms are redact()'s job). */
export class BodyScrubber {
  private readonly forms = new Set<string>();
  /** Remembers a secret's raw, trimmed, URL-encoded and base64 forms. */
  add(value: string): void {
    if (value.length < 6) return;
    for (const v of [value, value.trim()]) {
      this.forms.add(v);
      this.forms.add(encodeURIComponent(v));
      this.forms.add(Buffer.from(v).toString('base64'));
      this.forms.add(Buffer.from(v).toString('base64url'));
    }
  }
  /** The text with every known form replaced. */
  scrub(text: string): string {
    let out = redact(text);
    for (const form of this.forms) if (out.includes(form)) out = out.split(form).join('[REDACTED]');
    return out;
  }
}

function heartbeatOf(row: ConsumerStateRow): HeartbeatState {
  return row.heartbeat === '{}' ? initialHeartbeat() : parseHeartbeat(row.heartbeat);
}

/** Pings and heartbeat clock of one instance. */
export class Heartbeats {
  private readonly byId = new Map<string, string>();
  private readonly slug: string | null;
  private queue: Array<{ input: PingInput; done: (err?: unknown) => void }> = [];
  private flushing = false;

  constructor(
    private readonly deps: { store: Store; config: ServeConfig; channels: readonly string[]; logger: Logger; now: () => number; scrubber: BodyScrubber },
  ) {
    const { pingKey, expectations } = deps.config;
    this.slug = pingKey ? slugKey(pingKey) : null;
    if (pingKey) for (const consumer of expectations.keys()) this.byId.set(pingId(pingKey, consumer), consumer);
  }

  /** Consumers with a heartbeat. */
  get consumers(): string[] {
    return [...this.deps.config.expectations.keys()];
  }

  /** Resolves a ping path (the parts after /ping/) to a consumer and a kind; null for an unknown id. */
  resolve(parts: readonly string[]): { consumer: string; kind: PingKind; exitStatus: number | null } | null {
    let consumer: string | undefined;
    let rest: readonly string[];
    if (parts[0] !== undefined && this.byId.has(parts[0])) {
      consumer = this.byId.get(parts[0]);
      rest = parts.slice(1);
    } else if (this.slug !== null && parts[0] === this.slug && parts[1] !== undefined && this.deps.config.expectations.has(parts[1])) {
      consumer = parts[1];
      rest = parts.slice(2);
    } else return null;
    if (consumer === undefined || rest.length > 1) return null;
    const action = rest[0];
    if (action === undefined || action === '') return { consumer, kind: 'success', exitStatus: null };
    if (action === 'start' || action === 'fail' || action === 'log') return { consumer, kind: action, exitStatus: null };
    if (/^\d{1,3}$/.test(action) && Number(action) <= 255) {
      const code = Number(action);
      return { consumer, kind: code === 0 ? 'success' : 'fail', exitStatus: code };
    }
    return null;
  }

  /** Stores a ping; resolves once it is committed. */
  ping(request: PingRequest): Promise<void> {
    const at = this.deps.now();
    const credentials = this.deps.config.credentialsOf.get(request.consumer) ?? [];
    const input: PingInput = {
      ping: {
        id: randomUUID(),
        consumer: request.consumer,
        kind: request.kind,
        exit_status: request.exitStatus,
        rid: request.rid,
        at,
        method: request.method,
        remote: request.remote,
        user_agent: request.userAgent === null ? null : request.userAgent.slice(0, 200),
        body: request.body === null ? null : this.deps.scrubber.scrub(request.body),
        body_truncated: request.truncated ? 1 : 0,
        duration_ms: null,
      },
      decide: (row, failing) => {
        const prev = heartbeatOf(row);
        const muted = credentials.some((c) => failing.has(c));
        const step = onPing(prev, request.kind, at, muted);
        if (request.kind === 'success' && step.state.lastDurationMs !== prev.lastDurationMs) input.ping.duration_ms = step.state.lastDurationMs;
        return this.change(row, step, at);
      },
    };
    return new Promise((resolve, reject) => {
      this.queue.push({ input, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, 500);
      try {
        await this.deps.store.recordPings(batch.map((b) => b.input));
        for (const b of batch) b.done();
      } catch (err) {
        for (const b of batch) b.done(err);
      }
    }
    this.flushing = false;
  }

  /** Moves consumers late or down as time passes. */
  async tick(): Promise<void> {
    const now = this.deps.now();
    const { expectations, credentialsOf } = this.deps.config;
    await this.deps.store.evaluateConsumers(this.consumers, (row, failing) => {
      const expect = expectations.get(row.consumer);
      if (!expect) return null;
      const muted = (credentialsOf.get(row.consumer) ?? []).some((c) => failing.has(c));
      return this.change(row, onTick(heartbeatOf(row), expect, now, muted), now);
    }, now, true);
  }

  /** Pauses a consumer until its next ping; false when it has no heartbeat. */
  async pause(consumer: string): Promise<boolean> {
    if (!this.deps.config.expectations.has(consumer)) return false;
    const now = this.deps.now();
    await this.deps.store.evaluateConsumers([consumer], (row) => this.change(row, pause(heartbeatOf(row)), now), now);
    return true;
  }

  private change(row: ConsumerStateRow, step: HeartbeatStep, at: number): ConsumerChange | null {
    const before = heartbeatOf(row);
    if (step.change === null && JSON.stringify(step.state) === JSON.stringify(before)) return null;
    const alerts = step.event ? outboxRows(consumerMessage(step.event, row.consumer, before.lastPingAt, at), this.deps.channels, row.consumer) : [];
    const transitions = step.change
      ? [{ subjectKind: 'consumer' as const, subject: row.consumer, from: step.change.from, to: step.change.to, muted: step.change.muted, detail: step.event ?? 'state' }]
      : [];
    if (step.change?.muted) this.deps.logger.info({ consumer: row.consumer, to: step.change.to }, 'consumer alert muted: a credential it uses is failing');
    const expect = this.deps.config.expectations.get(row.consumer);
    const wakeAt = expect ? nextWake(step.state, expect) : null;
    return { state: step.state.phase, heartbeat: JSON.stringify(step.state), lastPingAt: step.state.lastPingAt, wakeAt, transitions, alerts };
  }
}
