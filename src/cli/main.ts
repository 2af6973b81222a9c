import { Command, CommanderError } from 'commander';
import { EXIT, type ExitCode } from '../core/exit-codes.js';
import { UserError } from '../core/errors.js';
import { didYouMean } from '../inventory/suggest.js';
import { installInterruptCleanup } from '../io/children.js';
import { redact } from '../secrets/redact.js';
import { COMMANDS } from './commands/index.js';
import { packageVersion } from './version.js';

// The first help a newcomer reads: the way in (demo), then the day-to-day commands.
const ROOT_EXAMPLES = `
Examples:
  credcanary demo                     # every verdict against a built-in loopback forge
  credcanary init config              # a starter ./credcanary.yaml
  credcanary validate && credcanary check
  credcanary check --help             # each command's options and examples

Exit codes: 0 pass or warn, 1 fail, 2 usage or configuration error, 3 inconclusive.`;

/** Builds the command tree; each command registers itself and loads its implementation lazily. */
export function buildProgram(setExit: (code: ExitCode) => void): Command {
  const program = new Command('credcanary')
    .description('Keeps the bot tokens your CI and cron jobs depend on honest.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', ROOT_EXAMPLES)
    .configureOutput({ outputError: (text, write) => write(redact(text)) })
    .exitOverride();
  for (const register of COMMANDS) register(program, setExit);
  program.on('command:*', (operands: string[]) => {
    throw unknownCommand(operands[0] ?? '', program.commands.map((c) => c.name()));
  });
  return program;
}

// Commands DESIGN.md promises that this build does not have yet: naming them honestly beats a
// "did you mean" pointing at an unrelated command.
const PLANNED: Readonly<Record<string, string>> = {
  rotate: 'token rotation (mint, test, install, verify, revoke)',
  serve: 'the daemon (schedules, history, dashboard, heartbeats)',
};

/** The error for `credcanary WORD` when WORD is no command: planned, a typo, or unknown, with the list. */
export function unknownCommand(word: string, commands: readonly string[]): UserError {
  const list = `commands: ${commands.join(', ')} (credcanary --help describes each)`;
  const planned = PLANNED[word];
  if (planned !== undefined) return new UserError(`\`${word}\` is not available in this version yet (planned: ${planned})`, [list]);
  return new UserError(`unknown command "${word}"${didYouMean(word, commands)}`, [list]);
}

const FS_CODES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
};

// A file-system error naming a path is almost always a path the user typed: say which, exit 2.
function fileSystemMistake(err: unknown): UserError | null {
  const e = err as NodeJS.ErrnoException;
  if (!(err instanceof Error) || typeof e.code !== 'string' || typeof e.path !== 'string') return null;
  const what = FS_CODES[e.code];
  return what === undefined ? null : new UserError(`${e.path}: ${what}`, ['check the path given on the command line or in the inventory']);
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
  const mistake = err instanceof UserError ? err : fileSystemMistake(err);
  if (mistake) {
    process.stderr.write(redact(`credcanary: ${mistake.message}\n${mistake.details.map((d) => `  ${d}\n`).join('')}`));
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
