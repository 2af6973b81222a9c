import type { Status } from './status.js';

/** Process exit codes, the same for every command (DESIGN.md "Commands and exit codes"). */
export const EXIT = {
  ok: 0,
  fail: 1,
  usage: 2,
  inconclusive: 3,
} as const;

/** An exit code value. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Exit codes of a run ended by a signal: 128 + the signal number, as shells report it. */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** Options that change how an overall status maps to an exit code. */
export interface ExitOptions {
  /** `--strict`: a warning fails the run. */
  strict?: boolean;
}

/** The one place a run's overall status becomes an exit code. */
export function exitCodeFor(status: Status, options: ExitOptions = {}): ExitCode {
  switch (status) {
    case 'fail':
      return EXIT.fail;
    case 'inconclusive':
      return EXIT.inconclusive;
    case 'warn':
      return options.strict ? EXIT.fail : EXIT.ok;
    case 'pass':
    case 'skipped':
      return EXIT.ok;
  }
}
