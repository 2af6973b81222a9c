import { Option } from 'commander';
import type { RegisterCommand } from './types.js';
import { loadServeModule } from './load-serve.js';

/** `credcanary heartbeat urls`: the ping URL of each consumer with a heartbeat. */
export const registerHeartbeat: RegisterCommand = (program, setExit) => {
  const heartbeat = program
    .command('heartbeat')
    .description('heartbeat helpers for consumers (cron jobs, workflows)')
    .addHelpText('after', '\nExamples:\n  credcanary heartbeat urls\n  credcanary heartbeat urls --format json --config credcanary.yaml');
  heartbeat
    .command('urls')
    .description("print each consumer's ping URL (derived from serve.pingKey and serve.publicUrl)")
    .option('-c, --config <file>', 'inventory file (default: $CREDCANARY_CONFIG, else ./credcanary.yaml)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Example:
  credcanary heartbeat urls
  # then at the end of the job:  curl -fsS -m 10 --retry 5 https://canary.example.com/ping/<id>
  credcanary heartbeat urls --format json   # { "<consumer>": "<url>", … }`,
    )
    .action(async (opts: { config?: string; format: string }) => {
      const { runHeartbeatUrls } = await loadServeModule();
      setExit(await runHeartbeatUrls(opts));
    });
};
