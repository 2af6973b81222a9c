import type { RegisterCommand } from './types.js';

/** `credcanary gate` (being written; replaced by its real registration). */
export const registerGate: RegisterCommand = (program) => {
  program.command('gate').description('(not yet available)').action(() => {
    throw new Error('credcanary gate is not yet available');
  });
};
