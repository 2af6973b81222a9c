import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';
import { corpusDir } from '../scan/corpus.js';

// The project's shared folder (the corpus of real workflow files, Gitea's full swagger) sits beside the
// clone in CI (../shared), not in a user's clone. Tests that need it register only when it is there;
// corpus.test.ts reports its absence once, as one skipped test whose title gives the reason.

/** Where a shared input is looked for, whether it is there, and what to do when it is not. */
export interface SharedStatus {
  path: string;
  available: boolean;
  reason: string;
}

function status(path: string, variable: string): SharedStatus {
  const available = existsSync(path);
  return { path, available, reason: available ? '' : `no ${path} (the shared folder is beside the clone in CI; set ${variable} to run this here)` };
}

/** The shared corpus (its MANIFEST.tsv): `$CREDCANARY_CORPUS`, else ../shared/corpus/workflows. */
export const CORPUS: SharedStatus = status(join(corpusDir(), 'MANIFEST.tsv'), 'CREDCANARY_CORPUS=DIR');

/** Gitea's full swagger, which src/sim/fixtures/gitea-swagger.trimmed.json is made from. */
export const FULL_SWAGGER: SharedStatus = status(
  join(process.env['CREDCANARY_SHARED'] ?? fileURLToPath(new URL('../../../shared', import.meta.url)), 'reference/gitea-swagger.v1.json'),
  'CREDCANARY_SHARED=DIR',
);

/** `it` when the corpus is present; otherwise registers nothing (the one skip is corpus.test.ts's). */
export const itWithCorpus: typeof it = CORPUS.available ? it : ((() => undefined) as unknown as typeof it);
