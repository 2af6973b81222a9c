import { z } from 'zod';

// Schema parts shared by the inventory and its `serve:` block (a separate file, so neither imports the other).

/** Where a secret is read from. */
export const secretSourceSchema = z.union([
  z.strictObject({ env: z.string().min(1) }),
  z.strictObject({ file: z.string().min(1) }),
  z.strictObject({ envFile: z.string().min(1), key: z.string().min(1) }),
  z.strictObject({ command: z.array(z.string().min(1)).min(1) }),
]).describe('a secret source: { env: NAME }, { file: PATH }, { envFile: PATH, key: NAME } or { command: [ARGV, ...] }');

/** A secret source as written in the inventory. */
export type SecretSource = z.infer<typeof secretSourceSchema>;

const DURATION_RULE = 'a duration such as "90s", "15m", "1h" or "2d"';
/** `30s`, `15m`, `1h`, `2d`: a duration as written in the inventory. */
export const durationSchema = z.string().regex(/^\d+(ms|s|m|h|d)$/, DURATION_RULE).describe(DURATION_RULE);

