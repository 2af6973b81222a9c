import type { RegisterCommand } from './types.js';

const HELP = `
Each NAME is an environment variable holding a secret (an empty value counts as missing).
  present                      → notice, exit 0 (with --verify: the live check's result)
  missing, trusted context     → error naming the secret and how to provision it, exit 1
  missing, untrusted context   → warning, exit 0, and present=false in $GITHUB_OUTPUT
Untrusted = fork pull requests, Dependabot runs, GitLab fork MRs and unprotected refs. Everything
else, including a plain shell and events it does not know, is trusted (fail closed). See docs/gate.md.

Example (GitHub, Gitea, Forgejo; the bundle vendored by init workflow, see docs/ci.md):
  - id: gate
    env: { AUTO_SYNC_TOKEN: \${{ secrets.AUTO_SYNC_TOKEN }} }
    run: node .credcanary/credcanary.mjs gate AUTO_SYNC_TOKEN
  - if: steps.gate.outputs.present == 'true'
    run: ./sync.sh
Example (cron: mails only when something is wrong):
  17 */6 * * *  . /etc/ops/env && credcanary gate --quiet AUTO_SYNC_TOKEN && /opt/ops/sync.sh
Example (GitLab):
  script: [node .credcanary/credcanary.mjs gate AUTO_SYNC_TOKEN --junit gate.xml]`;

/** `credcanary gate NAME...`: fail closed on missing secrets inside a CI job. */
export const registerGate: RegisterCommand = (program, setExit) => {
  program
    .command('gate')
    .description('in a CI job: fail when a required secret is missing in a trusted context, warn in a fork PR')
    .argument('[NAME...]', 'environment variables that must hold the secrets')
    .option('--verify', 'also run the live check for the present secrets (needs the inventory)')
    .option('--config <file>', 'inventory for --verify (default $CREDCANARY_CONFIG or ./credcanary.yaml)')
    .option('--format <format>', 'auto | github | gitlab | plain', 'auto')
    .option('--junit <file>', 'also write a JUnit report (GitLab: artifacts:reports:junit)')
    .option('-q, --quiet', 'print nothing when every secret is present (and, with --verify, its check passed); warnings and failures still print')
    .addHelpText('after', HELP)
    .action(async (names: string[], opts: { verify?: boolean; config?: string; format: string; junit?: string; quiet?: boolean }) => {
      const { parseGateFormat } = await import('../../gate/render.js');
      const { runGate } = await import('../../gate/run.js');
      const format = parseGateFormat(opts.format);
      const code = await runGate(
        { names, format, verify: opts.verify === true, config: opts.config, junit: opts.junit, quiet: opts.quiet === true },
        process.env,
        { write: (text) => process.stdout.write(text) },
      );
      setExit(code);
    });
};
