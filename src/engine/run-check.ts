import type { Logger } from 'pino';
import { UserError } from '../core/errors.js';
import { countStatuses, worstStatus } from '../core/status.js';
import { createGitRunner } from '../git/runner.js';
import { HttpClient } from '../http/client.js';
import { Limiter, mapPool } from '../http/limiter.js';
import { Reachability } from '../http/reachability.js';
import { loadInventory } from '../inventory/load.js';
import { locateInventory } from '../inventory/locate.js';
import type { LoadedInventory } from '../inventory/schema.js';
import { PROVIDERS } from '../providers/index.js';
import type { ForgeApi } from '../providers/types.js';
import { REPORT_SCHEMA, type Report } from '../report/model.js';
import { checkCredential } from './check-credential.js';
import type { CheckListener } from './events.js';

/** Options of one check run; everything the CLI, the daemon and tests vary. */
export interface CheckOptions {
  /** `--config`; else $CREDCANARY_CONFIG; else ./credcanary.yaml. */
  config?: string;
  /** `--only`: credential names. */
  only?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  listener?: CheckListener;
  now?: () => Date;
  logger?: Logger;
}

/** Locates and loads the inventory, then checks it. The one entry point the CLI and daemon share. */
export async function runCheck(options: CheckOptions = {}): Promise<Report> {
  const env = options.env ?? process.env;
  const file = locateInventory({ ...(options.config ? { config: options.config } : {}), env, cwd: options.cwd ?? process.cwd() });
  return checkInventory(await loadInventory(file), options);
}

/** The credential names to check: all, or `--only`'s, each of which must exist. */
export function selectCredentials(loaded: LoadedInventory, only: readonly string[] | undefined): string[] {
  const defined = Object.keys(loaded.inventory.credentials);
  // A canary that checks nothing must not come out green.
  if (defined.length === 0) {
    throw new UserError(`${loaded.file} defines no credentials: there is nothing to check`, [
      'expected a "credentials:" mapping with at least one entry (credcanary init config writes a starter)',
    ]);
  }
  if (!only || only.length === 0) return defined;
  const unknown = only.filter((n) => !defined.includes(n));
  if (unknown.length > 0) {
    throw new UserError(`unknown credential${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} in --only`, [
      `defined in ${loaded.file}: ${defined.join(', ') || '(none)'}`,
    ]);
  }
  return [...new Set(only)];
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the forge';
  }
}

/** Checks the selected credentials of a loaded inventory and returns the report. */
export async function checkInventory(loaded: LoadedInventory, options: CheckOptions = {}): Promise<Report> {
  const names = selectCredentials(loaded, options.only);
  const now = options.now ?? (() => new Date());
  const listener = options.listener ?? (() => {});
  const settings = loaded.inventory.settings;
  const timeoutMs = Math.round(settings.timeoutSeconds * 1000);
  const limiter = new Limiter(settings.concurrency);
  // One per run: once a forge gave no answer at all, its remaining requests are not sent (no timeout × retries per credential).
  const reachability = new Reachability();
  const onRetry = (info: { url: string; attempt: number; delayMs: number; reason: string }): void =>
    listener({ type: 'retry', host: hostOf(info.url), attempt: info.attempt, of: settings.retries + 1, reason: info.reason });
  const http = new HttpClient({ timeoutMs, retries: settings.retries, limiter, now, reachability, onRetry, ...(options.logger ? { logger: options.logger } : {}) });
  const git = createGitRunner({ timeoutMs, limiter });
  const apis = new Map<string, ForgeApi>();
  const apiFor = (forgeName: string): ForgeApi => {
    let api = apis.get(forgeName);
    if (!api) {
      const forge = loaded.inventory.forges[forgeName];
      if (!forge) throw new Error(`no forge ${forgeName}`);
      api = PROVIDERS[forge.type].create(forge, http);
      apis.set(forgeName, api);
    }
    return api;
  };

  const started = now();
  const t0 = performance.now();
  options.logger?.info({ inventory: loaded.file, credentials: names.length, concurrency: settings.concurrency }, 'check started');
  listener({ type: 'start', credentials: names.length });
  try {
    // Twice the I/O limit in credentials, so the limiter always has queued work between phases.
    const credentials = await mapPool(names, settings.concurrency * 2, (name) =>
      checkCredential(name, {
        loaded,
        api: apiFor(loaded.inventory.credentials[name]?.forge ?? ''),
        git,
        env: options.env ?? process.env,
        timeoutMs,
        now: started,
        listener,
      }),
    );
    const finished = now();
    const all = credentials.flatMap((c) => c.probes.map((p) => p.status));
    for (const c of credentials) options.logger?.info({ credential: c.name, status: c.status, last8: c.last8 }, 'credential checked');
    return {
      schema: REPORT_SCHEMA,
      status: worstStatus(credentials.map((c) => c.status)),
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: Math.round(performance.now() - t0),
      counts: countStatuses(all),
      credentials,
    };
  } finally {
    listener({ type: 'done' });
    await git.dispose();
  }
}
