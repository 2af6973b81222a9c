import { UserError } from '../../core/errors.js';

// The daemon (fastify, kysely, pg, prom-client) is most of the dependency weight. The one-file bundle that
// `init workflow` vendors leaves it out (scripts/bundle.mjs), so every `check`, `gate` and `scan` in CI starts
// without parsing it (about 40 ms of a one-credential check). The bundle does not load the compiled daemon from
// beside it either: two copies of the CLI's modules (secret registry, signal handlers, error classes) in one
// process would each see only half of the run.

/** Set by scripts/bundle.mjs in the one-file bundle only. */
declare const CREDCANARY_BUNDLED_VERSION: string | undefined;

/** The serve module, or a clear error when running from the single-file bundle, which does not carry it. */
export async function loadServeModule(): Promise<typeof import('../../serve/command.js')> {
  if (typeof CREDCANARY_BUNDLED_VERSION === 'string') {
    throw new UserError('`serve` and `heartbeat` are not in the single-file credcanary (dist/credcanary.mjs, .credcanary/credcanary.mjs)', [
      'run them from the installed package (its database drivers are native modules): `npm install -g credcanary`, or `npm install -g .` in a clone, then `credcanary serve`',
    ]);
  }
  return import('../../serve/command.js');
}
