import * as z from 'zod/mini';
import { inventorySchema } from './schema.js';

/** The inventory's JSON Schema (draft 2020-12), generated from the same zod schema that validates it. */
export function inventoryJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(inventorySchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { $id: 'https://credcanary.dev/schema/credcanary.yaml.json', title: 'credcanary inventory', ...schema };
}
