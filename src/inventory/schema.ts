// zod's mini API: the same validation and JSON Schema as the classic one, but building a schema does not
// attach dozens of methods to every node, and a namespace import lets a bundler keep only what is used.
// The inventory schema is built at every start of `check`; with the classic API that (and loading it) was
// about a tenth of a one-credential check.
import * as z from 'zod/mini';
import { looksLikeToken } from './token-shape.js';

// An inventory is parsed once per run: zod's compiled fast path would cost more to generate (code built
// with new Function on the first parse) than it saves, so parsing is interpreted.
z.config({ jitless: true });

// The inventory contract of DESIGN.md. Every object is strict: an unknown key is an error, because a
// misspelt key that is silently ignored is how a check quietly stops checking.

const NAME_RULE = 'a name of letters, digits, "_", "." or "-"';
const name = z.string().check(z.regex(/^[A-Za-z0-9_.-]+$/, NAME_RULE), z.describe(NAME_RULE));

/** A non-empty string (a new schema each time, as the classic `z.string().min(1)` was). */
const text = (): z.ZodMiniString<string> => z.string().check(z.minLength(1));

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

/** How an `http` forge checks a token: one request (see docs/providers/http-verify.md). */
export const verifySchema = z.strictObject({
  method: z.optional(z.enum(['GET', 'POST'])),
  header: z
    .string()
    .check(
      z.regex(/^[A-Za-z0-9-]+:.*\{token\}/, 'a header template such as "Authorization: Bearer {token}"'),
      z.describe('a header template such as "Authorization: Bearer {token}"'),
    ),
  expectStatus: z.optional(z.int().check(z.gte(200), z.lte(299))),
  identity: z.string().check(z.minLength(1), z.describe('a dotted JSON path such as result.id')),
  expiry: z.optional(text()),
});

export const forgeSchema = z
  .strictObject({
    type: z.enum(['gitea', 'forgejo', 'github', 'gitlab', 'http']),
    url: z
      .url({ protocol: /^https?$/, error: 'an http(s) URL such as https://git.example.com' })
      .check(z.describe('an http(s) URL such as https://git.example.com')),
    verify: z.optional(verifySchema),
  })
  .check(
    z.superRefine((forge, ctx) => {
      if (forge.type === 'http' && !forge.verify) ctx.addIssue({ code: 'custom', message: 'a forge of type http needs a verify block (header, identity)', path: ['verify'] });
      if (forge.type !== 'http' && forge.verify) ctx.addIssue({ code: 'custom', message: `verify is only for forges of type http, not ${forge.type}`, path: ['verify'] });
    }),
  );

export const personaSchema = z.strictObject({
  kind: z.enum(['bot', 'human']),
  /** The forge login, when it differs from the persona's key. */
  login: z.optional(text()),
  /** The persona's password (or admin credential): lets `scopes` list tokens instead of guessing. */
  password: z.optional(secretSourceSchema),
});

export const accessSchema = z.enum(['pull', 'push', 'admin']);

// A `.` or `..` path segment is resolved away by the URL parser (even percent-encoded), so
// `acme/..` or `../../admin/users` would send the token to another endpoint than the one named.
const DOT_SEGMENT_RULE = 'no "." or ".." path segment (the URL parser would resolve it and send the token elsewhere)';
/** The check that a path has no `.` or `..` segment (a new check each time it is used). */
const noDotSegment = () => z.refine<string>((value) => !value.split(/[/\\]/).some((segment) => segment === '.' || segment === '..'), DOT_SEGMENT_RULE);

const repoFullName = z.string().check(z.regex(/^[^/\s]+\/[^/\s]+$/, 'owner/name'), noDotSegment(), z.describe('a repository as owner/name'));

export const repoRequirementSchema = z.strictObject({
  repo: repoFullName,
  access: accessSchema,
  branches: z.optional(z.array(z.string().check(z.minLength(1), noDotSegment()))),
});

export const fileRequirementSchema = z.strictObject({
  repo: repoFullName,
  path: z.string().check(z.minLength(1), noDotSegment()),
  ref: z.optional(text()),
  local: text(),
  sha256: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/, '64 lowercase hex characters'))),
});

export const credentialSchema = z.strictObject({
  forge: name,
  source: secretSourceSchema,
  persona: name,
  scopes: z.array(text()),
  repos: z.optional(z.array(repoRequirementSchema)),
  files: z.optional(z.array(fileRequirementSchema)),
  /** Opt in to write-scope probes that the forge must reject (they never change anything). */
  probeWrites: z.optional(z.boolean()),
});

const heartbeatSchema = z.union([
  z.strictObject({ schedule: text(), tz: z.optional(text()), grace: durationSchema }),
  z.strictObject({ period: durationSchema, grace: durationSchema }),
]).check(z.describe('a heartbeat: { schedule: CRON, tz: ZONE, grace: DURATION } (tz optional) or { period: DURATION, grace: DURATION }'));

export const consumerSchema = z.strictObject({
  kind: z.enum(['workflow', 'cron', 'script', 'service']),
  path: z.optional(text()),
  credentials: z.array(name),
  heartbeat: z.optional(heartbeatSchema),
});

const urlSource = z.union([z.url(), secretSourceSchema]).check(z.describe('a URL, or a secret source that yields one ({ env: NAME }, { file: PATH }, ...)'));

export const notifierSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('slack'), url: urlSource }),
  z.strictObject({ type: z.literal('webhook'), url: urlSource }),
  z.strictObject({
    type: z.literal('email'),
    to: z.array(z.email()).check(z.minLength(1)),
    from: z.optional(z.email()),
    smtp: urlSource,
  }),
]);

export const settingsSchema = z.strictObject({
  timeoutSeconds: z._default(z.number().check(z.positive(), z.lte(600)), 10),
  concurrency: z._default(z.int().check(z.gte(1), z.lte(256)), 8),
  retries: z._default(z.int().check(z.gte(0), z.lte(10)), 2),
});

export const scanAllowSchema = z.strictObject({
  rule: text(),
  /** A path or glob, relative to the inventory's folder. */
  path: z.optional(text()),
  reason: text(),
});

export const inventorySchema = z.strictObject({
  version: z.literal(1),
  forges: z.record(name, forgeSchema),
  personas: z._default(z.record(name, personaSchema), {}),
  credentials: z._default(z.record(name, credentialSchema), {}),
  consumers: z._default(z.record(name, consumerSchema), {}),
  notify: z._default(z.record(name, notifierSchema), {}),
  settings: z._default(settingsSchema, { timeoutSeconds: 10, concurrency: 8, retries: 2 }),
  scan: z.optional(
    z.strictObject({
      allow: z._default(z.array(scanAllowSchema), []),
      /** Secrets that are not forge tokens (hosts, chat ids, SSH keys): `scan` does not list them as undeclared. */
      ignoreSecrets: z._default(z.array(text()), []),
    }),
  ),
});

/** A validated inventory, defaults applied. */
export type Inventory = z.infer<typeof inventorySchema>;
/** One credential of the inventory. */
export type CredentialSpec = z.infer<typeof credentialSchema>;
/** One forge of the inventory. */
export type ForgeSpec = z.infer<typeof forgeSchema>;
/** One persona of the inventory. */
export type PersonaSpec = z.infer<typeof personaSchema>;
/** One consumer of the inventory. */
export type ConsumerSpec = z.infer<typeof consumerSchema>;
/** A repository requirement of a credential. */
export type RepoRequirement = z.infer<typeof repoRequirementSchema>;
/** A canonical file of a credential. */
export type FileRequirement = z.infer<typeof fileRequirementSchema>;
/** Required repository access level. */
export type Access = z.infer<typeof accessSchema>;

/** The loaded inventory with where it came from (relative paths resolve against `dir`). */
export interface LoadedInventory {
  inventory: Inventory;
  /** Absolute path of the inventory file. */
  file: string;
  /** Folder of the inventory file. */
  dir: string;
}
