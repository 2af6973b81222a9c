import type { RegisterCommand } from './types.js';

/** `credcanary check` (being written; replaced by its real registration). */
export const registerCheck: RegisterCommand = (program) => {
  program.command('check').description('(not yet available)').action(() => {
    throw new Error('credcanary check is not yet available');
  });
};
