import { z } from 'zod';
import { badPortOf } from '../http/bad-ports.js';
import { looksLikeToken } from './token-shape.js';

// The inventory contract of DESIGN.md. Every object is strict: an unknown key is an error, because a
// misspelt key that is silently ignored is how a check quietly stops checking.

const NAME_RULE = 'a name of letters, digits, "_", "." or "-"';
const name = z.string().regex(/^[A-Za-z0-9_.-]+$/, NAME_RULE).describe(NAME_RULE);

// A token pasted where a variable's name belongs would be printed by every "variable X is not set"
// message: refuse it without repeating it.
const variableName = z
  .string()
  .min(1)
  .refine((v) => !looksLikeToken(v), 'this looks like a token, not the name of a variable (not shown): put the token in that variable and give its name here');

/** Where a secret is read from. */
export const secretSourceSchema = z.union([
  z.strictObject({ env: variableName }),
  z.strictObject({ file: z.string().min(1) }),
  z.strictObject({ envFile: z.string().min(1), key: variableName }),
  z.strictObject({ command: z.array(z.string().min(1)).min(1) }),
]).describe('a secret source: { env: NAME }, { file: PATH }, { envFile: PATH, key: NAME } or { command: [ARGV, ...] }');

/** A secret source as written in the inventory. */
export type SecretSource = z.infer<typeof secretSourceSchema>;

const DURATION_RULE = 'a duration such as "90s", "15m", "1h" or "2d"';
/** `30s`, `15m`, `1h`, `2d`: a duration as written in the inventory. */
export const durationSchema = z.string().regex(/^\d+(ms|s|m|h|d)$/, DURATION_RULE).describe(DURATION_RULE);

/** How an `http` forge checks a token: one request (see docs/providers/http-verify.md). */
export const verifySchema = z.strictObject({
  method: z.enum(['GET', 'POST']).optional(),
  header: z
    .string()
    .regex(/^[A-Za-z0-9-]+:.*\{token\}/, 'a header template such as "Authorization: Bearer {token}"')
    .describe('a header template such as "Authorization: Bearer {token}"'),
  expectStatus: z.int().min(200).max(299).optional(),
  identity: z.string().min(1).describe('a dotted JSON path such as result.id'),
  expiry: z.string().min(1).optional(),
});

export const forgeSchema = z
  .strictObject({
    type: z.enum(['gitea', 'forgejo', 'github', 'gitlab', 'http']),
    url: z
      .url({ protocol: /^https?$/, error: 'an http(s) URL such as https://git.example.com' })
      .refine((url) => badPortOf(url) === null, {
        error: (issue) =>
          `port ${badPortOf(String(issue.input))} is one Node's fetch refuses to connect to (a "bad port" of the Fetch standard), so this forge could never be probed; use a port the forge (or a proxy in front of it) serves on that is not on that list`,
      })
      .describe('an http(s) URL such as https://git.example.com'),
    verify: verifySchema.optional(),
  })
  .superRefine((forge, ctx) => {
    if (forge.type === 'http' && !forge.verify) ctx.addIssue({ code: 'custom', message: 'a forge of type http needs a verify block (header, identity)', path: ['verify'] });
    if (forge.type !== 'http' && forge.verify) ctx.addIssue({ code: 'custom', message: `verify is only for forges of type http, not ${forge.type}`, path: ['verify'] });
  });

export const personaSchema = z.strictObject({
  kind: z.enum(['bot', 'human']),
  /** The forge login, when it differs from the persona's key. */
  login: z.string().min(1).optional(),
  /** The persona's password (or admin credential): lets `scopes` list tokens instead of guessing. */
  password: secretSourceSchema.optional(),
});

export const accessSchema = z.enum(['pull', 'push', 'admin']);

// A `.` or `..` path segment is resolved away by the URL parser (even percent-encoded), so
// `acme/..` or `../../admin/users` would send the token to another endpoint than the one named.
const DOT_SEGMENT_RULE = 'no "." or ".." path segment (the URL parser would resolve it and send the token elsewhere)';
function withoutDotSegments(schema: z.ZodString): z.ZodString {
  return schema.refine((value) => !value.split(/[/\\]/).some((segment) => segment === '.' || segment === '..'), DOT_SEGMENT_RULE);
}

const repoFullName = withoutDotSegments(z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'owner/name')).describe('a repository as owner/name');

export const repoRequirementSchema = z.strictObject({
  repo: repoFullName,
  access: accessSchema,
  branches: z.array(withoutDotSegments(z.string().min(1))).optional(),
});

export const fileRequirementSchema = z.strictObject({
  repo: repoFullName,
  path: withoutDotSegments(z.string().min(1)),
  ref: z.string().min(1).optional(),
  local: z.string().min(1),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, '64 lowercase hex characters')
    .optional(),
});

export const credentialSchema = z.strictObject({
  forge: name,
  source: secretSourceSchema,
  persona: name,
  scopes: z.array(z.string().min(1)),
  repos: z.array(repoRequirementSchema).optional(),
  files: z.array(fileRequirementSchema).optional(),
  /** Opt in to write-scope probes that the forge must reject (they never change anything). */
  probeWrites: z.boolean().optional(),
});

const heartbeatSchema = z.union([
  z.strictObject({ schedule: z.string().min(1), tz: z.string().min(1).optional(), grace: durationSchema }),
  z.strictObject({ period: durationSchema, grace: durationSchema }),
]).describe('a heartbeat: { schedule: CRON, tz: ZONE, grace: DURATION } (tz optional) or { period: DURATION, grace: DURATION }');

export const consumerSchema = z.strictObject({
  kind: z.enum(['workflow', 'cron', 'script', 'service']),
  path: z.string().min(1).optional(),
  credentials: z.array(name),
  heartbeat: heartbeatSchema.optional(),
});

const urlSource = z.union([z.url(), secretSourceSchema]).describe('a URL, or a secret source that yields one ({ env: NAME }, { file: PATH }, ...)');

export const notifierSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('slack'), url: urlSource }),
  z.strictObject({ type: z.literal('webhook'), url: urlSource }),
  z.strictObject({
    type: z.literal('email'),
    to: z.array(z.email()).min(1),
    from: z.email().optional(),
    smtp: urlSource,
  }),
]);

export const settingsSchema = z.strictObject({
  timeoutSeconds: z.number().positive().max(600).default(10),
  concurrency: z.int().min(1).max(256).default(8),
  retries: z.int().min(0).max(10).default(2),
});

export const scanAllowSchema = z.strictObject({
  rule: z.string().min(1),
  /** A path or glob, relative to the inventory's folder. */
  path: z.string().min(1).optional(),
  reason: z.string().min(1),
});

export const inventorySchema = z.strictObject({
  version: z.literal(1),
  forges: z.record(name, forgeSchema),
  personas: z.record(name, personaSchema).default({}),
  credentials: z.record(name, credentialSchema).default({}),
  consumers: z.record(name, consumerSchema).default({}),
  notify: z.record(name, notifierSchema).default({}),
  settings: settingsSchema.default({ timeoutSeconds: 10, concurrency: 8, retries: 2 }),
  scan: z
    .strictObject({
      allow: z.array(scanAllowSchema).default([]),
      /** Secrets that are not forge tokens (hosts, chat ids, SSH keys): `scan` does not list them as undeclared. */
      ignoreSecrets: z.array(z.string().min(1)).default([]),
    })
    .optional(),
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
