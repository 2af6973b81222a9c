import { Command, CommanderError } from 'commander';
import { EXIT, type ExitCode } from '../core/exit-codes.js';
import { UserError } from '../core/errors.js';
import { installInterruptCleanup } from '../io/children.js';
import { redact } from '../secrets/redact.js';
import { COMMANDS } from './commands/index.js';
import { packageVersion } from './version.js';

/** Builds the command tree; each command registers itself and loads its implementation lazily. */
export function buildProgram(setExit: (code: ExitCode) => void): Command {
  const program = new Command('credcanary')
    .description('Keeps the bot tokens your CI and cron jobs depend on honest.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(redact(text)) })
    .exitOverride();
  for (const register of COMMANDS) register(program, setExit);
  return program;
}

/** Runs the CLI and returns the exit code; never throws, never prints a stack unless CREDCANARY_DEBUG is set. */
export async function main(argv: readonly string[]): Promise<number> {
  // A Ctrl-C or a CI cancel must not leave git children (holding the Basic header) or temp folders behind.
  installInterruptCleanup();
  let code: ExitCode = EXIT.ok;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (err) {
    return reportError(err);
  }
}

/** Prints an error for a person and chooses its exit code. */
export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version are "errors" to commander; they are successes to the user.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return EXIT.ok;
    }
    return EXIT.usage;
  }
  if (err instanceof UserError) {
    process.stderr.write(redact(`credcanary: ${err.message}\n${err.details.map((d) => `  ${d}\n`).join('')}`));
    return EXIT.usage;
  }
  const message = err instanceof Error ? err.message : String(err);
  const stack = process.env['CREDCANARY_DEBUG'] && err instanceof Error ? `\n${err.stack ?? ''}` : '';
  process.stderr.write(
    redact(`credcanary: internal error: ${message}${stack}\n(set CREDCANARY_DEBUG=1 for a stack trace; please report it)\n`),
  );
  // Nothing was concluded, so this is neither a pass nor a fail.
  return EXIT.inconclusive;
}
