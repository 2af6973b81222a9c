import { timingSafeEqual, createHash } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Store } from '../store/types.js';
import type { ServeConfig } from './config.js';
import { MAX_PING_BODY, type Heartbeats } from './heartbeats.js';
import type { ServeMetrics } from './metrics.js';
import { pingId } from './ping-ids.js';
import type { Scheduler } from './scheduler.js';

// The daemon's HTTP surface: healthchecks.io-compatible /ping/…, the bearer-protected JSON API,
// /metrics, /healthz and /readyz. (The dashboard at / arrives with its own issue.)

/** What the routes need. */
export interface HttpDeps {
  config: ServeConfig;
  store: Store;
  heartbeats: Heartbeats;
  scheduler: Scheduler;
  metrics: ServeMetrics;
  logger: Logger;
  now: () => number;
  /** Readiness beyond the database: the scheduler ticked recently. */
  ticking: () => boolean;
}

interface PingBody {
  text: string | null;
  truncated: boolean;
}

// Reads at most MAX_PING_BODY bytes and drains the rest: an oversized body is stored truncated, not refused.
function readLimited(payload: NodeJS.ReadableStream, done: (err: Error | null, body?: PingBody) => void): void {
  const parts: Buffer[] = [];
  let kept = 0;
  let truncated = false;
  payload.on('data', (chunk: Buffer) => {
    const room = MAX_PING_BODY - kept;
    if (chunk.length > room) truncated = true;
    if (room > 0) {
      const part = chunk.subarray(0, room);
      parts.push(part);
      kept += part.length;
    }
  });
  payload.on('end', () => {
    const text = kept === 0 ? null : Buffer.concat(parts).toString('utf8');
    done(null, { text, truncated });
  });
  payload.on('error', (err: Error) => done(err));
}

function tokenMatches(expected: string | null, header: string | undefined): boolean {
  if (expected === null || !header?.startsWith('Bearer ')) return false;
  // Hashing first gives equal lengths, so the comparison's time says nothing about the token.
  const a = createHash('sha256').update(header.slice('Bearer '.length)).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Builds the fastify app (not yet listening). */
export async function buildHttp(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), bodyLimit: 1024 * 1024 });

  await app.register(async (pings) => {
    pings.removeAllContentTypeParsers();
    pings.addContentTypeParser('*', (_req, payload, done) => readLimited(payload, done));
    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      const parts = (req.params as { '*': string })['*'].split('/');
      const target = deps.heartbeats.resolve(parts);
      if (!target) return reply.code(404).type('text/plain').send('not found');
      const query = req.query as Record<string, string | undefined>;
      const body = (req.body as PingBody | undefined) ?? { text: null, truncated: false };
      const rid = typeof query['rid'] === 'string' && /^[0-9a-fA-F-]{1,64}$/.test(query['rid']) ? query['rid'] : null;
      await deps.heartbeats.ping({
        consumer: target.consumer,
        kind: target.kind,
        exitStatus: target.exitStatus,
        rid,
        method: req.method,
        remote: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
        body: body.text,
        truncated: body.truncated,
      });
      return reply.type('text/plain').send('OK');
    };
    pings.route({ method: ['GET', 'POST', 'HEAD'], url: '/ping/*', handler, exposeHeadRoute: false });
  });

  await app.register(async (api) => {
    api.addHook('onRequest', async (req, reply) => {
      if (!tokenMatches(deps.config.apiToken, req.headers.authorization)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized: send Authorization: Bearer <serve.apiToken>' });
      }
    });
    api.get('/api/v1/credentials', async () => {
      const rows = await deps.store.credentialStates();
      const known = new Set(Object.keys(deps.config.loaded.inventory.credentials));
      return rows
        .filter((r) => known.has(r.credential))
        .map((r) => ({
          name: r.credential,
          status: r.status,
          class: r.class,
          alert: (JSON.parse(r.alert) as { phase: string }).phase,
          lastRun: iso(r.last_run_at),
          lastSuccess: iso(r.last_success_at),
          nextDue: iso(r.next_due_at),
          last8: r.last8,
          consumers: deps.config.consumersOf.get(r.credential) ?? [],
        }));
    });
    api.get('/api/v1/credentials/:name/runs', async (req, reply) => {
      const { name } = req.params as { name: string };
      if (!deps.config.loaded.inventory.credentials[name]) return reply.code(404).send({ error: `unknown credential ${name}` });
      const limit = Math.min(Number((req.query as { limit?: string }).limit ?? 50) || 50, 500);
      const runs = await deps.store.runs(name, limit);
      return Promise.all(
        runs.map(async (r) => ({
          id: r.id,
          dueAt: iso(r.due_at),
          startedAt: iso(r.started_at),
          finishedAt: iso(r.finished_at),
          status: r.status,
          class: r.class,
          instance: r.instance,
          probes: (await deps.store.probeResults(r.id)).map((p) => ({ id: p.probe, target: p.target, status: p.status, class: p.class, summary: p.summary, durationMs: p.duration_ms })),
        })),
      );
    });
    api.post('/api/v1/credentials/:name/check', async (req, reply) => {
      const { name } = req.params as { name: string };
      if (!deps.config.loaded.inventory.credentials[name]) return reply.code(404).send({ error: `unknown credential ${name}` });
      await deps.store.requestCheck(name, deps.now());
      void deps.scheduler.tick([name]).catch(() => {});
      return reply.code(202).send({ credential: name, requested: iso(deps.now()) });
    });
    api.get('/api/v1/consumers', async () => {
      const rows = new Map((await deps.store.consumerStates()).map((r) => [r.consumer, r]));
      return Object.entries(deps.config.loaded.inventory.consumers).map(([name, c]) => {
        const row = rows.get(name);
        const hb = row ? (JSON.parse(row.heartbeat) as { lastDurationMs?: number | null }) : {};
        return {
          name,
          kind: c.kind,
          credentials: c.credentials,
          heartbeat: c.heartbeat ?? null,
          state: c.heartbeat ? (row?.state ?? 'new') : null,
          lastPing: iso(row?.last_ping_at ?? null),
          lastDurationMs: hb.lastDurationMs ?? null,
          pingUrl: c.heartbeat && deps.config.pingKey ? `${deps.config.publicUrl}/ping/${pingId(deps.config.pingKey, name)}` : null,
        };
      });
    });
    api.post('/api/v1/consumers/:name/pause', async (req, reply) => {
      const { name } = req.params as { name: string };
      if (!(await deps.heartbeats.pause(name))) return reply.code(404).send({ error: `no heartbeat for consumer ${name}` });
      return { consumer: name, state: 'paused' };
    });
    api.get('/api/v1/alerts', async () => ({
      alerts: (await deps.store.alerts(200)).map((a) => ({
        delivery: a.id,
        channel: a.channel,
        event: a.event,
        subject: a.subject,
        status: a.status,
        attempts: a.attempts,
        createdAt: iso(a.created_at),
        deliveredAt: iso(a.delivered_at),
        lastError: a.last_error,
      })),
      channels: (await deps.store.channels()).map((c) => ({ channel: c.channel, broken: c.broken === 1, failures: c.failures, lastError: c.last_error })),
    }));
  });

  app.get('/metrics', async (_req, reply) => {
    try {
      const text = await deps.metrics.registry.metrics();
      return reply.type(deps.metrics.registry.contentType).send(text);
    } catch {
      return reply.code(503).type('text/plain').send('metrics unavailable: database unreachable\n');
    }
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const database = await deps.store.healthy();
    const scheduler = deps.ticking();
    return reply.code(database && scheduler ? 200 : 503).send({ status: database && scheduler ? 'ready' : 'not ready', database, scheduler });
  });
  return app;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
