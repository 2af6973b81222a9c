import type { RegisterCommand } from './types.js';

/** `credcanary validate`: the inventory checked offline (schema, references, sources readable here). */
export const registerValidate: RegisterCommand = (program, setExit) => {
  program
    .command('validate')
    .description('check the inventory offline: schema, references, and that each secret source and local copy can be read here (no forge is contacted)')
    .option('-c, --config <file>', 'inventory file (default: $CREDCANARY_CONFIG, else ./credcanary.yaml)')
    .option('--no-sources', 'check only the schema and references (e.g. on a machine that does not hold the secrets)')
    .addHelpText(
      'after',
      `
Exit codes: 0 valid, 1 a secret source or local copy cannot be read here, 2 the inventory is invalid
(every problem listed with file:line:column). Source commands are looked up, not run.

Examples:
  credcanary validate
  credcanary validate --config ops/credcanary.yaml --no-sources   # in a pre-commit hook or CI lint job`,
    )
    .action(async (opts: { config?: string; sources: boolean }) => {
      const { runValidateCommand } = await import('../validate-command.js');
      setExit(await runValidateCommand({ ...(opts.config ? { config: opts.config } : {}), sources: opts.sources }, process.env, (t) => void process.stdout.write(t)));
    });
};
