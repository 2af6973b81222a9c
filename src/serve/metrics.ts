import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../store/types.js';

// Prometheus metrics of one instance. Credential and consumer gauges are read from the store at scrape
// time, so every instance on one PostgreSQL reports the same truth.

/** The daemon's metrics. */
export interface ServeMetrics {
  registry: Registry;
  probeDuration: Histogram<'probe'>;
  notifierFailures: Counter<'channel'>;
}

/** Creates the registry; `store` is read on each scrape. */
export function createMetrics(store: Store): ServeMetrics {
  const registry = new Registry();
  // Process metrics (memory, CPU, event loop lag, GC) under prom-client's standard names.
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'credcanary_credential_up',
    help: '1 when the last run of the credential passed or warned, 0 when it failed or was inconclusive; absent until its first run.',
    labelNames: ['credential'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await store.credentialStates()) {
        if (row.status !== null) this.set({ credential: row.credential }, row.status === 'pass' || row.status === 'warn' ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'credcanary_credential_last_success_timestamp_seconds',
    help: 'When the credential last passed (Unix seconds).',
    labelNames: ['credential'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await store.credentialStates()) {
        if (row.last_success_at !== null) this.set({ credential: row.credential }, row.last_success_at / 1000);
      }
    },
  });
  new Gauge({
    name: 'credcanary_consumer_up',
    help: '1 when the consumer is up (or new or paused), 0 when late or down.',
    labelNames: ['consumer'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await store.consumerStates()) this.set({ consumer: row.consumer }, row.state === 'late' || row.state === 'down' ? 0 : 1);
    },
  });
  new Gauge({
    name: 'credcanary_consumer_last_ping_timestamp_seconds',
    help: 'When the consumer last pinged (Unix seconds).',
    labelNames: ['consumer'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await store.consumerStates()) {
        if (row.last_ping_at !== null) this.set({ consumer: row.consumer }, row.last_ping_at / 1000);
      }
    },
  });
  new Gauge({
    name: 'credcanary_notifier_broken',
    help: '1 when the channel answered a delivery with a permanent error (4xx) and has not succeeded since.',
    labelNames: ['channel'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await store.channels()) this.set({ channel: row.channel }, row.broken);
    },
  });
  const probeDuration = new Histogram({
    name: 'credcanary_probe_duration_seconds',
    help: 'Duration of each probe run by this instance.',
    labelNames: ['probe'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const notifierFailures = new Counter({
    name: 'credcanary_notifier_failures_total',
    help: 'Failed delivery attempts by this instance.',
    labelNames: ['channel'],
    registers: [registry],
  });
  return { registry, probeDuration, notifierFailures };
}
