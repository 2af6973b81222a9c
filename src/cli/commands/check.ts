import { Option } from 'commander';
import type { RegisterCommand } from './types.js';

/** Options of `credcanary check` as commander parses them. */
export interface CheckCliOptions {
  config?: string;
  only?: string[];
  format: string;
  output?: string;
  junit?: string;
  strict?: boolean;
  color?: boolean;
  logLevel?: string;
}

/** `credcanary check`: runs the live probes and reports verdicts. */
export const registerCheck: RegisterCommand = (program, setExit) => {
  program
    .command('check')
    .description('probe every credential of the inventory live and report verdicts')
    .option('-c, --config <file>', 'inventory file (default: $CREDCANARY_CONFIG, else ./credcanary.yaml)')
    .option('--only <name...>', 'check only these credentials')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['table', 'json', 'junit', 'markdown', 'github', 'plain']).default('table'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--junit <file>', 'also write a JUnit XML report (GitLab test reports, CI test tabs)')
    .option('--strict', 'exit 1 on warnings too')
    .option('--no-color', 'never colour the table (NO_COLOR is honoured too)')
    .addOption(new Option('--log-level <level>', 'structured JSON log on stderr').choices(['silent', 'error', 'warn', 'info', 'debug']).default('silent').env('CREDCANARY_LOG_LEVEL'))
    .addHelpText(
      'after',
      `
Exit codes: 0 pass or warn, 1 a probe failed, 2 usage or configuration error, 3 something inconclusive (no fail).

Examples:
  credcanary check
  credcanary check --only AUTO_SYNC_TOKEN --format json
  credcanary check --format github        # in GitHub Actions: annotations + step summary
  credcanary check --format plain --junit report.xml   # Gitea/Forgejo/GitLab logs + a JUnit file`,
    )
    .action(async (opts: CheckCliOptions) => {
      const { runCheckCommand } = await import('../check-command.js');
      setExit(await runCheckCommand(opts));
    });
};
