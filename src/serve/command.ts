import { EXIT, type ExitCode } from '../core/exit-codes.js';
import { createLogger, type LogLevel } from '../engine/logger.js';
import { loadInventory } from '../inventory/load.js';
import { locateInventory } from '../inventory/locate.js';
import type { ServeCliOptions } from '../cli/commands/serve.js';
import { resolveServeConfig } from './config.js';
import { runOnce, startDaemon } from './daemon.js';
import { pingId, slugKey } from './ping-ids.js';
import { prettyDestination } from './pretty-log.js';

// The CLI side of `serve` and `heartbeat urls`. Loaded only when those commands run, so nothing else
// ever loads the database drivers.

async function loadConfig(configPath: string | undefined, overrides: { db?: string; listen?: string } = {}) {
  const env = process.env;
  const file = locateInventory({ ...(configPath ? { config: configPath } : {}), env, cwd: process.cwd() });
  return resolveServeConfig(await loadInventory(file), env, overrides);
}

/** Runs the daemon until SIGTERM/SIGINT (or once, with --once). */
export async function runServeCommand(opts: ServeCliOptions): Promise<ExitCode> {
  const config = await loadConfig(opts.config, { ...(opts.db ? { db: opts.db } : {}), ...(opts.listen ? { listen: opts.listen } : {}) });
  const destination = process.stderr.isTTY ? prettyDestination(process.stderr) : process.stderr;
  const logger = createLogger(opts.logLevel as LogLevel, destination);
  const tuning = testTuning();
  if (opts.once) return runOnce(config, { logger, ...tuning });
  const daemon = await startDaemon(config, { logger, ...tuning });
  await new Promise<void>((resolve) => {
    const onSignal = (signal: string) => {
      logger.info({ signal }, 'signal received');
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      void daemon.stop().then(resolve);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  return EXIT.ok;
}

// Undocumented knobs for the acceptance tests and benchmarks (compressed clocks): tick, lease, retry base.
function testTuning(): { tickMs?: number; leaseMs?: number; retryBaseMs?: number } {
  const n = (name: string): number | undefined => {
    const v = Number(process.env[name]);
    return Number.isFinite(v) && v > 0 ? v : undefined;
  };
  const tickMs = n('CREDCANARY_SERVE_TICK_MS');
  const leaseMs = n('CREDCANARY_SERVE_LEASE_MS');
  const retryBaseMs = n('CREDCANARY_SERVE_RETRY_BASE_MS');
  return { ...(tickMs ? { tickMs } : {}), ...(leaseMs ? { leaseMs } : {}), ...(retryBaseMs ? { retryBaseMs } : {}) };
}

/** `credcanary heartbeat urls`. */
export async function runHeartbeatUrls(opts: { config?: string; format: string }): Promise<ExitCode> {
  const config = await loadConfig(opts.config);
  const urls: Record<string, string> = {};
  for (const consumer of config.expectations.keys()) urls[consumer] = `${config.publicUrl}/ping/${pingId(config.pingKey!, consumer)}`;
  if (opts.format === 'json') {
    process.stdout.write(`${JSON.stringify(urls, null, 2)}\n`);
  } else if (Object.keys(urls).length === 0) {
    process.stdout.write('No consumer has a heartbeat (add heartbeat: { period: 1d, grace: 1h } to a consumer).\n');
  } else {
    const width = Math.max(...Object.keys(urls).map((k) => k.length));
    for (const [consumer, url] of Object.entries(urls)) process.stdout.write(`${consumer.padEnd(width)}  ${url}\n`);
    process.stdout.write(`\nSlug form: ${config.publicUrl}/ping/${slugKey(config.pingKey!)}/<consumer>\n`);
    process.stdout.write('Append /start when a run starts, /fail or /<exit-status> when it fails, /log to just record a message.\n');
  }
  return EXIT.ok;
}
