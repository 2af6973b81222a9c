import { Option } from 'commander';
import type { RegisterCommand } from './types.js';
import { loadServeModule } from './load-serve.js';

/** Options of `credcanary serve`. */
export interface ServeCliOptions {
  config?: string;
  db?: string;
  listen?: string;
  once?: boolean;
  logLevel: string;
}

/** `credcanary serve`: the daemon (schedules, history, heartbeats, alerts, API, metrics). */
export const registerServe: RegisterCommand = (program, setExit) => {
  program
    .command('serve')
    .description('run checks on their schedules, keep history, receive heartbeats and send alerts (the daemon)')
    .option('-c, --config <file>', 'inventory file (default: $CREDCANARY_CONFIG, else ./credcanary.yaml)')
    .option('--db <url>', 'database: sqlite:PATH or postgres://… (default: serve.db, else $DATABASE_URL, else sqlite:.credcanary/credcanary.db)')
    .option('--listen <host:port>', 'HTTP address (default: serve.listen, else 127.0.0.1:8414)')
    .option('--once', 'run every due check once, deliver its alerts, and exit with check\'s exit code (for cron)')
    .addOption(new Option('--log-level <level>', 'log level (JSON lines on stderr; readable lines on a terminal)').choices(['silent', 'error', 'warn', 'info', 'debug']).default('info').env('CREDCANARY_LOG_LEVEL'))
    .addHelpText(
      'after',
      `
Endpoints: /ping/<id>[/start|/fail|/log|/<exit-status>] (healthchecks.io-compatible), /api/v1/… (bearer
serve.apiToken), /metrics (Prometheus), /healthz, /readyz. SIGTERM drains running checks and the outbox, exits 0.
Exit codes: 0 stopped cleanly (--once: pass or warn), 1 --once: a check failed, 2 configuration or database error,
3 --once: inconclusive.

Examples:
  credcanary serve
  credcanary serve --db postgres://canary@db.internal/canary --listen 0.0.0.0:8414
  credcanary serve --once          # from cron: */15 * * * * credcanary serve --once
  credcanary heartbeat urls        # the ping URL of each consumer`,
    )
    .action(async (opts: ServeCliOptions) => {
      const { runServeCommand } = await loadServeModule();
      setExit(await runServeCommand(opts));
    });
};
