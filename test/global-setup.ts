// Builds dist/ once before the suite, so tests that run the CLI as a user would never test stale code:
// the tsc output and the single-file bundle (dist/credcanary.mjs, which `init workflow` vendors).
// Type errors do not stop the emit; `npm run typecheck` (run by .ci/run) is what fails on them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** vitest global setup. */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) process.stderr.write(`global setup: tsc reported problems (dist/ was still emitted):\n${r.stdout}${r.stderr}\n`);
  const bundle = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, encoding: 'utf8' });
  if (bundle.status !== 0) throw new Error(`global setup: the bundle did not build:\n${bundle.stdout}${bundle.stderr}`);
}
