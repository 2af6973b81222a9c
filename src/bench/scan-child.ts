// Child process of the scan benchmark: one scan, then its time, counts and peak memory as JSON on stdout.
// A separate process so that peak RSS belongs to the scan alone.

import { setContentMemo } from '../scan/process-file.js';
import type { ReadAhead } from '../scan/read-ahead.js';
import { scan } from '../scan/scanner.js';

const [root, memo, readAhead] = process.argv.slice(2);
if (!root) {
  process.stderr.write('usage: scan-child ROOT [memo|no-memo] [auto|off|always]\n');
  process.exit(2);
}
setContentMemo(memo !== 'no-memo');
const started = performance.now();
const result = await scan({ root, readAhead: (readAhead ?? 'auto') as ReadAhead });
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ ms, files: result.files.length, consumers: result.consumers.length, findings: result.findings.length, errors: result.files.filter((f) => f.status === 'error').length, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
