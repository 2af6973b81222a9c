#!/usr/bin/env node
// Regenerates src/sim/fixtures/gitea-swagger.trimmed.json from Gitea's full OpenAPI document (825 KB):
// the part the simulator's conformance test reads — every path with its methods, and every definition's
// property names with their `type`, `$ref` and `items.$ref` — plus where it came from. A clone without
// ../shared still runs the conformance test against this file; with ../shared, `--check` (run by the
// suite) proves the committed fixture is what this script makes from the full file.
//
//   node scripts/trim-swagger.mjs [--check] [FULL.json]
// FULL.json defaults to $CREDCANARY_SHARED/reference/gitea-swagger.v1.json, else ../shared/reference/… beside the clone.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const check = args.includes('--check');
const shared = process.env.CREDCANARY_SHARED ?? fileURLToPath(new URL('../../shared', import.meta.url));
const source = args.find((a) => !a.startsWith('--')) ?? join(shared, 'reference/gitea-swagger.v1.json');
const dest = fileURLToPath(new URL('../src/sim/fixtures/gitea-swagger.trimmed.json', import.meta.url));

let bytes;
try {
  bytes = readFileSync(source);
} catch (err) {
  process.stderr.write(`cannot read ${source} (${err.code ?? err.message}): pass the full gitea-swagger.v1.json as an argument\n`);
  process.exit(2);
}
const full = JSON.parse(bytes.toString('utf8'));

/** Keeps only the keys a conformance check needs from one property schema. */
function property(p) {
  const out = {};
  if (p.type !== undefined) out.type = p.type;
  if (p.$ref !== undefined) out.$ref = p.$ref;
  if (p.items?.$ref !== undefined) out.items = { $ref: p.items.$ref };
  return out;
}

const trimmed = {
  'x-trimmed': {
    from: 'gitea-swagger.v1.json: templates/swagger/v1_json.tmpl of go-gitea/gitea at commit 3db3c058b3c7d2e24dde8be609417620262ffca6 (v1.26.0-dev), with info.version and basePath filled in',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    by: 'scripts/trim-swagger.mjs (paths with their methods; definitions with property names, type, $ref, items.$ref)',
    licence: 'MIT, Copyright (c) 2016 The Gitea Authors, Copyright (c) 2015 The Gogs Authors; see src/sim/fixtures/README.md',
  },
  swagger: full.swagger,
  info: full.info,
  basePath: full.basePath,
  paths: Object.fromEntries(
    Object.entries(full.paths).map(([path, methods]) => [path, Object.fromEntries(Object.keys(methods).filter((m) => m !== 'parameters').map((m) => [m, {}]))]),
  ),
  definitions: Object.fromEntries(
    Object.entries(full.definitions).map(([name, def]) => [
      name,
      { properties: Object.fromEntries(Object.entries(def.properties ?? {}).map(([k, p]) => [k, property(p)])) },
    ]),
  ),
};
const text = `${JSON.stringify(trimmed, null, 1)}\n`;

if (check) {
  let committed = '';
  try {
    committed = readFileSync(dest, 'utf8');
  } catch {
    // reported below as out of date
  }
  if (committed !== text) {
    process.stderr.write(`${dest} is not what ${source} trims to: run node scripts/trim-swagger.mjs\n`);
    process.exit(1);
  }
  process.stdout.write(`${dest} matches ${source}\n`);
} else {
  writeFileSync(dest, text);
  process.stdout.write(`wrote ${dest} (${text.length} bytes) from ${source}\n`);
}
