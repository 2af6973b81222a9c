import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { EXIT, exitCodeFor, type ExitCode } from '../core/exit-codes.js';
import { UserError } from '../core/errors.js';
import { firstDue } from '../core/schedule.js';
import { worstStatus, type Status } from '../core/status.js';
import { readSecret } from '../inventory/sources.js';
import { NOTIFIERS } from '../notify/index.js';
import type { Channel, Notifier } from '../notify/types.js';
import { redact } from '../secrets/redact.js';
import { describeDb, openStore } from '../store/open.js';
import type { Store } from '../store/types.js';
import type { ServeConfig } from './config.js';
import { BodyScrubber, Heartbeats } from './heartbeats.js';
import { buildHttp } from './http.js';
import { createMetrics } from './metrics.js';
import { OutboxWorker } from './outbox.js';
import { Scheduler } from './scheduler.js';
import { lockSqlite } from './sqlite-lock.js';

// Wires the daemon together: store, channels, scheduler, heartbeat clock, outbox, HTTP; and takes it
// apart again on SIGTERM (drain running checks and the outbox, then exit 0).

/** Knobs tests and benchmarks turn; defaults are what a user gets. */
export interface DaemonOptions {
  logger: Logger;
  now?: () => number;
  /** How often the loops run. */
  tickMs?: number;
  /** How long a claimed check is held before another instance may take it over. */
  leaseMs?: number;
  /** How long SIGTERM waits for running checks. */
  drainMs?: number;
  /** First retry delay of a failed delivery (doubles each time). */
  retryBaseMs?: number;
}

/** A running daemon. */
export interface Daemon {
  url: string;
  instance: string;
  store: Store;
  /** Drains and stops; resolves when everything is closed. */
  stop(): Promise<void>;
}

interface Parts {
  store: Store;
  scheduler: Scheduler;
  heartbeats: Heartbeats;
  outbox: OutboxWorker;
  instance: string;
  release: () => void;
  metrics: ReturnType<typeof createMetrics>;
}

async function prepareChannels(config: ServeConfig, logger: Logger, scrubber: BodyScrubber): Promise<Map<string, Channel>> {
  const channels = new Map<string, Channel>();
  const ctx = {
    timeoutMs: config.timeoutMs,
    readSecret: async (source: Parameters<typeof readSecret>[0]) => {
      const read = await readSecret(source, { dir: config.loaded.dir, env: config.env, timeoutMs: config.timeoutMs });
      if (!read.ok) return null;
      scrubber.add(read.value);
      return read.value;
    },
  };
  for (const [name, spec] of Object.entries(config.loaded.inventory.notify)) {
    const notifier = NOTIFIERS[spec.type] as Notifier | undefined;
    if (!notifier) {
      logger.warn({ channel: name, type: spec.type }, `notify.${name}: type ${spec.type} is not delivered by this version of serve (webhook is); its alerts are not sent`);
      continue;
    }
    try {
      channels.set(name, await notifier.prepare(spec as never, ctx));
    } catch (err) {
      if (err instanceof UserError) throw new UserError(err.message.replace(/^notify \w+/, `notify.${name}`), err.details);
      throw err;
    }
  }
  return channels;
}

async function assemble(config: ServeConfig, options: DaemonOptions, firstDueAt: (name: string, now: number) => number): Promise<Parts> {
  const logger = options.logger;
  const now = options.now ?? Date.now;
  const instance = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const scrubber = new BodyScrubber();
  for (const v of [config.apiToken, config.pingKey]) if (v) scrubber.add(v);
  const release = config.db.kind === 'sqlite' && config.db.file !== ':memory:' ? lockSqlite(config.db.file) : () => {};
  let store: Store;
  try {
    store = await openStore(config.db);
  } catch (err) {
    release();
    throw err;
  }
  try {
    const channels = await prepareChannels(config, logger, scrubber);
    // Every token the daemon may see is read once now, so ping bodies are scrubbed of it from the first ping.
    for (const spec of Object.values(config.loaded.inventory.credentials)) {
      const read = await readSecret(spec.source, { dir: config.loaded.dir, env: config.env, timeoutMs: config.timeoutMs });
      if (read.ok) scrubber.add(read.value);
    }
    const t = now();
    await store.ensureCredentials(Object.keys(config.loaded.inventory.credentials).map((credential) => ({ credential, firstDueAt: firstDueAt(credential, t) })), t);
    await store.ensureConsumers([...config.expectations.keys()], t);
    const metrics = createMetrics(store);
    const names = [...channels.keys()];
    const scheduler = new Scheduler({
      store,
      config,
      owner: instance,
      logger,
      metrics,
      channels: names,
      now,
      leaseMs: options.leaseMs ?? 120_000,
      concurrency: config.loaded.inventory.settings.concurrency,
    });
    const heartbeats = new Heartbeats({ store, config, channels: names, logger, now, scrubber });
    const outbox = new OutboxWorker({ store, channels, owner: instance, logger, metrics, now, baseDelayMs: options.retryBaseMs ?? 1000 });
    return { store, scheduler, heartbeats, outbox, instance, release, metrics };
  } catch (err) {
    await store.close().catch(() => {});
    release();
    throw err;
  }
}

/** Starts the daemon and returns once it listens. */
export async function startDaemon(config: ServeConfig, options: DaemonOptions): Promise<Daemon> {
  const logger = options.logger;
  const now = options.now ?? Date.now;
  const tickMs = options.tickMs ?? 1000;
  const parts = await assemble(config, options, (name, t) => firstDue(name, config.cadences.get(name)!, t));
  const { store, scheduler, heartbeats, outbox, instance } = parts;
  let app: FastifyInstance;
  try {
    app = await buildHttp({
      config,
      store,
      heartbeats,
      scheduler,
      metrics: parts.metrics,
      logger,
      now,
      ticking: () => now() - scheduler.lastTickAt < tickMs * 3 + 5000,
    });
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await store.close().catch(() => {});
    parts.release();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new UserError(`cannot listen on ${config.host}:${config.port} (${code})`);
    throw err;
  }
  const address = app.server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ url, db: describeDb(config.db), instance, credentials: config.cadences.size, heartbeats: config.expectations.size }, 'credcanary serve listening');

  let stopped = false;
  let lastPrune = 0;
  let failing = false;
  const loop = async (): Promise<void> => {
    while (!stopped) {
      try {
        await scheduler.tick();
        await heartbeats.tick();
        await outbox.tick();
        if (now() - lastPrune > 3_600_000 && (await store.acquireLease('prune', instance, now(), 600_000))) {
          lastPrune = now();
          const counts = await store.prune(now() - config.retentionMs);
          logger.info({ ...counts }, 'pruned history older than the retention');
        }
        if (failing) logger.info('database reachable again');
        failing = false;
      } catch (err) {
        // A database outage: readiness turns 503 (no ticks), and the loop keeps trying.
        if (!failing) logger.error({ err: redact((err as Error).message) }, 'tick failed; retrying');
        failing = true;
      }
      await new Promise((r) => setTimeout(r, tickMs));
    }
  };
  const running = loop();

  return {
    url,
    instance,
    store,
    async stop() {
      if (stopped) return;
      stopped = true;
      logger.info({ running: scheduler.running }, 'stopping: draining running checks and the outbox');
      await running;
      await scheduler.drain(options.drainMs ?? 30_000);
      await drainOutbox(outbox, logger);
      await app.close();
      await store.close();
      parts.release();
      logger.info('stopped');
    },
  };
}

async function drainOutbox(outbox: OutboxWorker, logger: Logger): Promise<void> {
  // Bounded: one pass for everything due now; what fails stays in the outbox for the next start.
  try {
    while ((await outbox.tick()) > 0);
  } catch (err) {
    logger.error({ err: redact((err as Error).message) }, 'outbox not drained; pending alerts are delivered after the next start');
  }
}

/** `serve --once`: runs every due check once, delivers the alerts, and returns check's exit code. */
export async function runOnce(config: ServeConfig, options: DaemonOptions): Promise<ExitCode> {
  // A new credential is due at once: a cron-driven --once must not wait for jitter.
  const parts = await assemble(config, options, (_name, t) => t);
  const statuses: Status[] = [];
  const remaining = new Set(config.cadences.keys());
  try {
    for (;;) {
      // Each credential at most once, however short its period.
      const started = await parts.scheduler.tick([...remaining]);
      if (started.length === 0) break;
      for (const claim of parts.scheduler.claimedNames()) remaining.delete(claim);
      for (const s of await Promise.all(started)) if (s) statuses.push(s);
    }
    await parts.heartbeats.tick();
    await drainOutbox(parts.outbox, options.logger);
  } finally {
    await parts.store.close();
    parts.release();
  }
  return statuses.length === 0 ? EXIT.ok : exitCodeFor(worstStatus(statuses));
}
