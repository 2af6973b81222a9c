#!/usr/bin/env node
// Writes src/sim/github/openapi-fixture.json: the part of GitHub's own OpenAPI description
// (@octokit/openapi, api.github.com.json, ~400 MB installed) that the simulator's GitHub mode serves —
// each served operation's path, method, operationId and success schema, plus every schema those
// reference, transitively. The conformance test reads the fixture, so a clone needs no 400 MB package.
//
//   npm install --no-save @octokit/openapi@23 && node scripts/trim-github-openapi.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const specFile = require.resolve('@octokit/openapi/generated/api.github.com.json');
const spec = JSON.parse(readFileSync(specFile, 'utf8'));
const version = JSON.parse(readFileSync(require.resolve('@octokit/openapi/package.json'), 'utf8')).version;

// The served routes, read from the GITHUB_ROUTES table of the mode itself so the two cannot drift apart.
const modeSource = readFileSync(new URL('../src/sim/github/index.ts', import.meta.url), 'utf8');
const table = /GITHUB_ROUTES[^=]*= \[([\s\S]*?)\n\];/.exec(modeSource)?.[1] ?? '';
const SERVED = [...table.matchAll(/\['(\w+)', '([^']+)'\]/g)].map((m) => [m[1], m[2]]);
if (SERVED.length === 0) throw new Error('no GITHUB_ROUTES table found in src/sim/github/index.ts');

const schemas = {};
function collect(node) {
  if (Array.isArray(node)) return node.forEach(collect);
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
      const name = v.slice('#/components/schemas/'.length);
      if (!(name in schemas)) {
        schemas[name] = spec.components.schemas[name];
        collect(schemas[name]);
      }
    } else collect(v);
  }
}

const operations = [];
for (const [method, path] of SERVED) {
  const op = spec.paths[path]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in GitHub's OpenAPI ${version}`);
  const success = op.responses['200'] ?? op.responses['201'];
  const schema = success?.content?.['application/json']?.schema ?? null;
  const errors = Object.keys(op.responses).filter((s) => s !== '200');
  operations.push({ method, path, operationId: op.operationId, schema, errors });
  collect(schema);
}
const out = { source: `@octokit/openapi ${version} generated/api.github.com.json`, operations, schemas };
writeFileSync(new URL('../src/sim/github/openapi-fixture.json', import.meta.url), `${JSON.stringify(out)}\n`);
console.log(`${operations.length} operations, ${Object.keys(schemas).length} schemas`);
