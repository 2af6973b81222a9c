import type { RegisterCommand } from './types.js';

/** `credcanary demo` (being written; replaced by its real registration). */
export const registerDemo: RegisterCommand = (program) => {
  program.command('demo').description('(not yet available)').action(() => {
    throw new Error('credcanary demo is not yet available');
  });
};
