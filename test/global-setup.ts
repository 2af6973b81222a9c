// Before the suite: builds dist/ once, so tests that run the CLI as a user would never test stale code
// (the tsc output and the single-file bundle dist/credcanary.mjs, which `init workflow` vendors). Type
// errors do not stop the emit; `npm run typecheck` (run by .ci/run) is what fails on them.
//
// The suite also gets a private temp folder (TMPDIR, inherited by every test process and every child they
// start): whatever a test leaves in it is listed and fails the run, and other processes on the machine
// writing to the system temp folder at the same time cannot confuse the check.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Prefix of the suite's private temp folder in the system temp folder. */
const SUITE_TMP_PREFIX = 'credcanary-suite-';

/** vitest global setup; the function it returns runs after the whole suite. */
export default function setup(): () => void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) process.stderr.write(`global setup: tsc reported problems (dist/ was still emitted):\n${r.stdout}${r.stderr}\n`);
  const bundle = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, encoding: 'utf8' });
  if (bundle.status !== 0) throw new Error(`global setup: the bundle did not build:\n${bundle.stdout}${bundle.stderr}`);

  const previous = process.env['TMPDIR'];
  const suiteTmp = mkdtempSync(join(tmpdir(), SUITE_TMP_PREFIX));
  process.env['TMPDIR'] = suiteTmp;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    const left = readdirSync(suiteTmp);
    rmSync(suiteTmp, { recursive: true, force: true });
    if (left.length > 0) {
      process.exitCode = 1;
      throw new Error(`the suite left ${left.length} item(s) in its temp folder (every test must remove what it creates): ${left.sort().join(', ')}`);
    }
  };
}
