import type { Command } from 'commander';
import type { ExitCode } from '../../core/exit-codes.js';

/** A command's registration: adds itself to the program; its action reports its exit code through `setExit`. */
export type RegisterCommand = (program: Command, setExit: (code: ExitCode) => void) => void;
