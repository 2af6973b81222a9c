import { EXIT } from '../../core/exit-codes.js';
import { UserError } from '../../core/errors.js';
import { didYouMean } from '../../inventory/suggest.js';
import { packageVersion } from '../version.js';
import type { RegisterCommand } from './types.js';

const WORKFLOW_HELP = `
Writes a scheduled (off-minute cron) and manually startable job that gates on the secrets, then runs
credcanary check: .github/workflows/credcanary.yml for GitHub; for Gitea and Forgejo, credcanary.yml
in the workflow folder the forge reads in this repository today (Gitea runs only the first of
.gitea/workflows, .github/workflows that exists; Forgejo .forgejo, .gitea, .github), or --dir;
.gitlab-ci.yml for GitLab. Run it from the repository root.

By default it also vendors credcanary itself: the single-file bundle goes to .credcanary/credcanary.mjs,
and the job checks that file's SHA-256 before running it (no network, no install step). Commit both.
--install npm[@VERSION] runs the npm release instead; --install SPEC a git URL at a full commit
(git+https://host/owner/repo.git#<commit>) or a tarball (.tgz URL, or ./path). Secrets are referenced as
\${{ secrets.NAME }}, never written. Existing files are kept unless --force. Without --credential,
the credentials of ./credcanary.yaml (or --config) are used.

Examples:
  credcanary init workflow --forge gitea --credential AUTO_SYNC_TOKEN --runs-on ubuntu-latest
  credcanary init workflow --forge github --cron "23 */4 * * *" --install npm
  credcanary init workflow --forge forgejo --dir .forgejo/workflows --runs-on docker`;

const CONFIG_HELP = `
Examples:
  credcanary init config                      # starter ./credcanary.yaml with commented examples
  credcanary init config --credential AUTO_SYNC_TOKEN --forge forgejo --output -
  credcanary init config --from-scan .        # draft from the workflows, cron files and scripts found`;

const io = () => ({
  cwd: process.cwd(),
  env: process.env,
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  version: packageVersion(),
});

/** `credcanary init workflow|config`: writes a canary workflow or a starter inventory. */
export const registerInit: RegisterCommand = (program, setExit) => {
  const init = program
    .command('init')
    .description('write a canary CI workflow (init workflow) or a starter credcanary.yaml (init config)')
    .addHelpText('after', '\nExamples:\n  credcanary init config\n  credcanary init workflow --forge gitea --credential AUTO_SYNC_TOKEN')
    .argument('[what]', 'workflow or config')
    .action((what: string | undefined) => {
      const usage = 'usage: credcanary init workflow --forge FORGE [...] | credcanary init config [...]';
      if (what === undefined) throw new UserError('init needs a subcommand: workflow or config', [usage]);
      throw new UserError(`init has no subcommand "${what}"${didYouMean(what, ['workflow', 'config'])}`, ['expected workflow or config', usage]);
    });

  init
    .command('workflow')
    .description('write a scheduled canary workflow for gitea, forgejo, github or gitlab')
    .option('--forge <forge>', 'gitea | forgejo | github | gitlab')
    .option('--credential <name...>', 'credential (CI secret) names to gate and check; repeatable')
    .option('--cron <expr>', 'five-field cron schedule, UTC (default: an off-minute every 6 hours, derived from the names)')
    .option('--runs-on <label>', 'runner label (Gitea/Forgejo: one your runner was registered with)', 'ubuntu-latest')
    .option('--install <source>', 'npm | npm@VERSION | git URL at a commit | tarball (default: vendor the bundle into .credcanary/)')
    .option('--dir <folder>', 'workflow folder to write credcanary.yml in (default: the one the forge reads today)')
    .option('--config <file>', 'inventory to take credential names from (default ./credcanary.yaml when present)')
    .option('--output <file>', 'where to write (default: the forge\'s workflow path; - for stdout)')
    .option('--force', 'overwrite existing files (the workflow, and a vendored bundle of another build)')
    .addHelpText('after', WORKFLOW_HELP)
    .action(async (opts: { forge?: string; credential?: string[]; cron?: string; runsOn?: string; install?: string; dir?: string; config?: string; output?: string; force?: boolean }) => {
      const { initWorkflow } = await import('../../init/run.js');
      await initWorkflow(opts, io());
      setExit(EXIT.ok);
    });

  init
    .command('config')
    .description('write a starter credcanary.yaml (or draft one from a scan)')
    .option('--from-scan [dir]', 'draft the inventory from the consumers found in DIR (default .)')
    .option('--credential <name...>', 'credential names to pre-fill')
    .option('--forge <type>', 'forge type of the example forge: gitea | forgejo | github | gitlab')
    .option('--output <file>', 'where to write (default ./credcanary.yaml; - for stdout)')
    .option('--force', 'overwrite an existing file')
    .addHelpText('after', CONFIG_HELP)
    .action(async (opts: { fromScan?: string | boolean; credential?: string[]; forge?: string; output?: string; force?: boolean }) => {
      const { initConfig } = await import('../../init/run.js');
      await initConfig(opts, io());
      setExit(EXIT.ok);
    });
};
