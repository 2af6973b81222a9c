import { readFileSync } from 'node:fs';

// Set by the bundler (scripts/bundle.mjs) in dist/credcanary.mjs, which has no package.json beside it;
// undefined in the tsc build and under vitest, which read package.json.
declare const CREDCANARY_BUNDLED_VERSION: string | undefined;

/** The package version: baked into the single-file bundle, else read from package.json (src/ under vitest, dist/). */
export function packageVersion(): string {
  if (typeof CREDCANARY_BUNDLED_VERSION === 'string') return CREDCANARY_BUNDLED_VERSION;
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
