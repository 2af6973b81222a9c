import type { RegisterCommand } from './types.js';
import { EXIT } from '../../core/exit-codes.js';

/** `credcanary schema`: prints the inventory's JSON Schema for editors. */
export const registerSchema: RegisterCommand = (program, setExit) => {
  program
    .command('schema')
    .description('print the JSON Schema of credcanary.yaml (for editor completion and validation)')
    .addHelpText('after', '\nExample:\n  credcanary schema > credcanary.schema.json\n  # then in credcanary.yaml: # yaml-language-server: $schema=./credcanary.schema.json')
    .action(async () => {
      const { inventoryJsonSchema } = await import('../../inventory/json-schema.js');
      process.stdout.write(`${JSON.stringify(inventoryJsonSchema(), null, 2)}\n`);
      setExit(EXIT.ok);
    });
};
