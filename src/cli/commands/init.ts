import type { RegisterCommand } from './types.js';

/** `credcanary init` (being written; replaced by its real registration). */
export const registerInit: RegisterCommand = (program) => {
  program.command('init').description('(not yet available)').action(() => {
    throw new Error('credcanary init is not yet available');
  });
};
