#!/usr/bin/env node
// `npm run build` step 2: bundles the CLI into one ESM file, dist/credcanary.mjs, that runs with nothing
// but Node 20 beside it. `init workflow` vendors this file into a repository (pinned by its SHA-256), so a
// CI job runs credcanary with no network and no install step. Native modules cannot live in one .js file:
// they stay external, and the commands that need them (none of gate, check, scan, init, demo) say so.
import { chmodSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** Packages with compiled add-ons (or optional ones): required at run time from node_modules, never bundled. */
const NATIVE_MODULES = ['better-sqlite3', 'pg-native', 'bufferutil', 'utf-8-validate', 'fsevents'];

/**
 * The daemon's module stays out of the one file: it brings fastify, kysely, pg and prom-client, whose code every
 * start would otherwise parse (about 40 ms of a one-credential `check`). The bundle never runs this import
 * (src/cli/commands/load-serve.ts says to use the installed package instead); marking it external only keeps
 * esbuild from following it.
 */
const serveOutside = {
  name: 'serve-outside-the-bundle',
  setup(b) {
    b.onResolve({ filter: /\/serve\/command\.js$/ }, (args) =>
      args.importer.endsWith('load-serve.ts') ? { path: './serve/command.js', external: true } : undefined,
    );
  },
};

const outfile = `${root}dist/credcanary.mjs`;
await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/bin.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: NATIVE_MODULES,
  plugins: [serveOutside],
  // The bundle has no package.json beside it (it is copied into other repositories): the version is baked in.
  define: { CREDCANARY_BUNDLED_VERSION: JSON.stringify(pkg.version) },
  // CommonJS dependencies call require() for Node built-ins; an ES module has none, so give it one.
  banner: { js: "import { createRequire as __credcanaryRequire } from 'node:module';\nconst require = __credcanaryRequire(import.meta.url);" },
  // Deterministic output: the same sources give the same bytes, hence the same SHA-256 in workflows.
  legalComments: 'eof',
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
