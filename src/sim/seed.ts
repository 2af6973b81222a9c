// A JSON (or YAML) seed for the simulator: options, users, orgs, repositories and tokens, validated with
// file:line:column errors, then applied through the public ForgeSim API. Used by `serve.ts`.

import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { formatPath, type PathSegment } from '../inventory/paths.js';
import { NodeLocator } from '../inventory/yaml-nodes.js';
import { problemsFromIssues } from '../inventory/zod-issues.js';
import type { ForgeSim, SimOptions } from './types.js';

const login = z.string().min(1);

/** The seed document's schema (unknown keys are errors). */
export const seedSchema = z.strictObject({
  options: z
    .strictObject({
      flavor: z.enum(['gitea', 'forgejo']).optional(),
      version: z.string().regex(/^\d+\.\d+(\.\d+)?/).optional(),
      queryAuth: z.boolean().optional(),
      basicAuth: z.boolean().optional(),
      requireSigninView: z.boolean().optional(),
      rootUrl: z.string().url().optional(),
    })
    .optional(),
  users: z
    .array(
      z.strictObject({
        login,
        password: z.string().optional(),
        isAdmin: z.boolean().optional(),
        fullName: z.string().optional(),
        email: z.string().optional(),
        prohibitLogin: z.boolean().optional(),
      }),
    )
    .optional(),
  orgs: z.array(z.strictObject({ login, owners: z.array(login).optional(), fullName: z.string().optional() })).optional(),
  repos: z
    .array(
      z.strictObject({
        owner: login,
        name: z.string().min(1),
        private: z.boolean().optional(),
        defaultBranch: z.string().min(1).optional(),
        branches: z.array(z.string().min(1)).optional(),
        files: z.record(z.string(), z.string()).optional(),
        collaborators: z.record(z.string(), z.enum(['read', 'write', 'admin'])).optional(),
        protect: z
          .record(z.string(), z.strictObject({ enablePush: z.boolean().optional(), pushWhitelist: z.array(login).optional() }))
          .optional(),
      }),
    )
    .optional(),
  tokens: z
    .array(
      z.strictObject({
        login,
        name: z.string().min(1).optional(),
        scopes: z.array(z.string()).min(1),
        /** Name under which the minted token is reported (e.g. the CI secret's name). */
        env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
      }),
    )
    .optional(),
});

/** A validated seed. */
export type Seed = z.infer<typeof seedSchema>;

/** A parsed seed plus a way to pin later (apply-time) problems to their source position. */
export interface LoadedSeed {
  seed: Seed;
  issueAt(path: PathSegment[], message: string): ConfigIssue;
}

/** Parses and validates seed text; throws ConfigError with file:line:column for every problem. */
export function parseSeed(text: string, file: string): LoadedSeed {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const locator = new NodeLocator(doc, lines);
  const issueAt = (path: PathSegment[], message: string, at: 'value' | 'key' | 'parent' = 'value'): ConfigIssue => ({
    file,
    ...locator.position(path, at),
    path: formatPath(path),
    message,
  });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => ({ file, ...locator.offset(e.pos[0]), path: '', message: e.message.split('\n')[0] ?? 'syntax error' })),
    );
  }
  const data: unknown = doc.toJS() ?? {};
  const parsed = seedSchema.safeParse(data);
  if (!parsed.success) {
    throw new ConfigError(problemsFromIssues(parsed.error.issues, seedSchema, data).map((p) => issueAt(p.path, p.message, p.at)));
  }
  return { seed: parsed.data, issueAt: (path, message) => issueAt(path, message) };
}

/** The simulator options a seed asks for. */
export function seedOptions(seed: Seed): SimOptions {
  return { ...seed.options };
}

/** Applies a seed; returns the minted tokens by their `env` name. Apply-time problems become ConfigErrors. */
export function applySeed(sim: ForgeSim, loaded: LoadedSeed): Record<string, string> {
  const { seed } = loaded;
  const step = (path: PathSegment[], fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      throw new ConfigError([loaded.issueAt(path, (err as Error).message.replace(/^forge simulator: /, ''))]);
    }
  };
  seed.users?.forEach((u, i) => step(['users', i], () => sim.addUser(u)));
  seed.orgs?.forEach((o, i) =>
    step(['orgs', i], () => sim.addOrg(o.login, { ...(o.owners ? { owners: o.owners } : {}), ...(o.fullName ? { fullName: o.fullName } : {}) })),
  );
  seed.repos?.forEach((r, i) => {
    const { collaborators, protect, ...input } = r;
    step(['repos', i], () => sim.addRepo(input));
    const full = `${r.owner}/${r.name}`;
    for (const [who, permission] of Object.entries(collaborators ?? {})) {
      step(['repos', i, 'collaborators', who], () => sim.setCollaborator(full, who, permission));
    }
    for (const [branch, rule] of Object.entries(protect ?? {})) {
      step(['repos', i, 'protect', branch], () => sim.protectBranch(full, branch, rule));
    }
  });
  const tokens: Record<string, string> = {};
  seed.tokens?.forEach((t, i) =>
    step(['tokens', i], () => {
      if (t.env in tokens) throw new Error(`duplicate env name "${t.env}"`);
      tokens[t.env] = sim.addToken(t.login, { ...(t.name ? { name: t.name } : {}), scopes: t.scopes });
    }),
  );
  return tokens;
}
