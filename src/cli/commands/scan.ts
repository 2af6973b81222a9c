import { Option } from 'commander';
import type { RegisterCommand } from './types.js';

/** `credcanary scan`: finds consumers and their secrets, lints fail-open secret handling. */
export const registerScan: RegisterCommand = (program, setExit) => {
  program
    .command('scan')
    .description('find which workflows, cron jobs, timers and scripts use which secrets, and lint fail-open secret handling')
    .argument('[paths...]', 'files or folders to scan (default: the whole --root)')
    .option('--root <dir>', 'folder the scan starts in and paths are reported relative to', '.')
    .option('-c, --config <file>', 'inventory to cross-check against and read scan.allow from (default: $CREDCANARY_CONFIG, else ./credcanary.yaml when present)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json', 'sarif', 'github']).default('table'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(['low', 'medium', 'high', 'critical', 'never']).default('high'))
    .option('-o, --output <file>', 'write the output to a file instead of stdout')
    .option('--no-color', 'never colour the table (NO_COLOR is honoured too)')
    .addHelpText(
      'after',
      `
Exit codes: 0 nothing at or above --fail-on, 1 a finding at or above --fail-on, 2 usage or
configuration error, 3 no failing finding but a file could not be read or parsed.

Silence one finding with a reason on its line or the line above:
  # credcanary: ignore[curl-no-fail] the status is checked by the next step

Examples:
  credcanary scan
  credcanary scan .gitea/workflows deploy/cron.d --format json
  credcanary scan --format sarif --output credcanary.sarif   # upload with github/codeql-action/upload-sarif
  credcanary scan --config credcanary.yaml --fail-on medium`,
    )
    .action(async (paths: string[], opts: { root: string; config?: string; format: string; failOn: string; output?: string; color?: boolean }) => {
      const { runScanCommand } = await import('../../scan/command.js');
      setExit(await runScanCommand(paths, opts));
    });
};
