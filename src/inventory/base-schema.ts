import * as z from 'zod/mini';
import { looksLikeToken } from './token-shape.js';

// Schema parts shared by the inventory and its `serve:` block (a separate file, so neither imports the other).
// zod's mini API, as in schema.ts: building these at every start of `check` must stay cheap.

/** A non-empty string (a new schema each time, as the classic `z.string().min(1)` was). */
export const text = (): z.ZodMiniString<string> => z.string().check(z.minLength(1));

// A token pasted where a variable's name belongs would be printed by every "variable X is not set"
// message: refuse it without repeating it.
const variableName = z.string().check(
  z.minLength(1),
  z.refine((v: string) => !looksLikeToken(v), 'this looks like a token, not the name of a variable (not shown): put the token in that variable and give its name here'),
);

/** Where a secret is read from. */
export const secretSourceSchema = z.union([
  z.strictObject({ env: variableName }),
  z.strictObject({ file: text() }),
  z.strictObject({ envFile: text(), key: variableName }),
  z.strictObject({ command: z.array(text()).check(z.minLength(1)) }),
]).check(z.describe('a secret source: { env: NAME }, { file: PATH }, { envFile: PATH, key: NAME } or { command: [ARGV, ...] }'));

/** A secret source as written in the inventory. */
export type SecretSource = z.infer<typeof secretSourceSchema>;

const DURATION_RULE = 'a duration such as "90s", "15m", "1h" or "2d"';
/** `30s`, `15m`, `1h`, `2d`: a duration as written in the inventory. */
export const durationSchema = z.string().check(z.regex(/^\d+(ms|s|m|h|d)$/, DURATION_RULE), z.describe(DURATION_RULE));
