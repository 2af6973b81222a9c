#!/usr/bin/env node
// Entry point. `--version` is answered before anything else loads, to keep cold start small.
import { packageVersion } from './version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${packageVersion()}\n`);
} else {
  const { main } = await import('./main.js');
  process.exitCode = await main(process.argv);
}
