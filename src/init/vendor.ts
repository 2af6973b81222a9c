import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../core/errors.js';
import { VENDORED_BUNDLE } from './install.js';

// Copies the single-file bundle (dist/credcanary.mjs, built by `npm run build`) into a repository, for a
// workflow that runs it by path after checking its SHA-256.

/** The bundle to vendor: this very file when credcanary runs as the bundle, else dist/credcanary.mjs. */
export function bundleSource(): string {
  const here = fileURLToPath(import.meta.url);
  if (basename(here) === 'credcanary.mjs') return here;
  // dist/init/vendor.js → dist/credcanary.mjs; src/init/vendor.ts (tests of the sources) → dist/ too.
  const candidates = [resolve(dirname(here), '../credcanary.mjs'), resolve(dirname(here), '../../dist/credcanary.mjs')];
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new UserError('the single-file bundle dist/credcanary.mjs is missing', [
      'build it with npm run build (npm install in a clone does), or pass --install npm to use the published package',
    ]);
  }
  return found;
}

/** The bundle's bytes and SHA-256, read once so the pinned hash is that of the bytes written. */
export interface Bundle {
  bytes: Buffer;
  sha256: string;
}

/** Reads the bundle to vendor. */
export function readBundle(source = bundleSource()): Bundle {
  const bytes = readFileSync(source);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** What vendoring will do in `cwd`: write the file, or find it already there byte for byte. */
export type VendorPlan = 'write' | 'unchanged';

/** Decides before anything is written (so a refusal leaves the repository untouched). */
export function planVendor(bundle: Bundle, cwd: string, force: boolean): VendorPlan {
  const target = resolve(cwd, VENDORED_BUNDLE);
  if (!existsSync(target)) return 'write';
  if (readFileSync(target).equals(bundle.bytes)) return 'unchanged';
  if (force) return 'write';
  throw new UserError(`${VENDORED_BUNDLE} already exists and is another build of credcanary; not overwriting it`, [
    'pass --force to replace it (the workflow then pins the new SHA-256), or --install npm to use a package instead',
  ]);
}

/** Writes the bundle (atomically: a reader never sees half a file) and returns its path. */
export function writeBundle(bundle: Bundle, cwd: string): string {
  const target = resolve(cwd, VENDORED_BUNDLE);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  writeFileSync(tmp, bundle.bytes, { mode: 0o644 });
  renameSync(tmp, target);
  return target;
}

/**
 * What git says could break the vendored file's path on a fresh checkout: the file is ignored, or `cwd`
 * is not the repository's top folder (jobs start there). Empty outside a git repository.
 */
export function gitWarnings(cwd: string): string[] {
  const git = (...args: string[]) => spawnSync('git', args, { cwd, encoding: 'utf8', timeout: 10_000 });
  const top = git('rev-parse', '--show-toplevel');
  if (top.status !== 0) return [];
  const warnings: string[] = [];
  if (realpathSync(top.stdout.trim()) !== realpathSync(cwd)) {
    warnings.push(`this is not the repository's top folder (${top.stdout.trim()}): jobs start there, so run init workflow from it`);
  }
  if (git('check-ignore', '-q', '--', VENDORED_BUNDLE).status === 0) {
    warnings.push(`git ignores ${VENDORED_BUNDLE} here; add it with git add -f (or un-ignore it), or the job fails on a fresh checkout`);
  }
  return warnings;
}
