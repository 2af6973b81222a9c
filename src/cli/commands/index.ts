import type { RegisterCommand } from './types.js';
import { registerSchema } from './schema.js';

/** Every CLI command, one line each, in the order `--help` lists them. */
export const COMMANDS: readonly RegisterCommand[] = [
  registerSchema,
];
