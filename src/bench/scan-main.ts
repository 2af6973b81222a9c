// Runs only the scan benchmark and writes bench/scan.md (`node dist/bench/scan-main.js`).

import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { benchScan } from './scan.js';

const markdown = await benchScan();
await writeFile(fileURLToPath(new URL('../../bench/scan.md', import.meta.url)), `# Benchmark: scan\n\n${markdown}`);
process.stdout.write(markdown);
