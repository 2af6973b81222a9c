import { setFlagsFromString } from 'node:v8';
import { EXIT, type ExitCode } from '../core/exit-codes.js';
import { interruptNow, takeOverInterrupts } from '../io/children.js';
import { createLogger, type LogLevel } from '../engine/logger.js';
import { loadInventory } from '../inventory/load.js';
import { locateInventory } from '../inventory/locate.js';
import type { ServeCliOptions } from '../cli/commands/serve.js';
import { resolveServeConfig } from './config.js';
import { runOnce, startDaemon } from './daemon.js';
import { pingId, slugKey } from './ping-ids.js';
import { prettyDestination } from './pretty-log.js';

const SEMI_SPACE_MB = 2;

// The CLI side of `serve` and `heartbeat urls`. Loaded only when those commands run, so nothing else
// ever loads the database drivers.

async function loadConfig(configPath: string | undefined, overrides: { db?: string; listen?: string } = {}) {
  const env = process.env;
  const file = locateInventory({ ...(configPath ? { config: configPath } : {}), env, cwd: process.cwd() });
  return resolveServeConfig(await loadInventory(file), env, overrides);
}

/** Runs the daemon until SIGTERM/SIGINT (or once, with --once). */
export async function runServeCommand(opts: ServeCliOptions): Promise<ExitCode> {
  // A long-running daemon whose live heap is small (about 25 MB at 1,000 credentials and heartbeats): V8's
  // default heap headroom, not data, made most of its idle memory. A small young generation and V8's
  // size-optimised heap growth measured 137 → about 115 MB idle there, at no cost to ping throughput.
  setFlagsFromString(`--max-semi-space-size=${SEMI_SPACE_MB}`);
  setFlagsFromString('--optimize-for-size');
  const config = await loadConfig(opts.config, { ...(opts.db ? { db: opts.db } : {}), ...(opts.listen ? { listen: opts.listen } : {}) });
  const destination = process.stderr.isTTY ? prettyDestination(process.stderr) : process.stderr;
  const logger = createLogger(opts.logLevel as LogLevel, destination);
  const tuning = testTuning();
  if (opts.once) return runOnce(config, { logger, ...tuning });
  // The daemon drains on the first signal instead of exiting at once; a second signal interrupts the drain.
  takeOverInterrupts();
  const daemon = await startDaemon(config, { logger, ...tuning });
  await new Promise<void>((resolve) => {
    let draining = false;
    const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
      if (draining) interruptNow(signal);
      draining = true;
      logger.info({ signal }, 'signal received');
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
