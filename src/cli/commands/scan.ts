import type { RegisterCommand } from './types.js';

/** `credcanary scan` (being written; replaced by its real registration). */
export const registerScan: RegisterCommand = (program) => {
  program.command('scan').description('(not yet available)').action(() => {
    throw new Error('credcanary scan is not yet available');
  });
};
