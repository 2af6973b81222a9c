// `npm run bench`: runs every benchmark and writes the figures under bench/ (committed with the code).
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

const out = fileURLToPath(new URL('../../bench/', import.meta.url));

/**
 * A fixed CPU workload timed in a fresh process, three times: the machine's speed at the time of the run.
 * Shared cloud machines slow down for minutes at a time; with these figures beside the results, runs taken
 * at different moments can be compared.
 */
function cpuReferenceMs(): number[] {
  // In a function, so the loop runs optimised on locals (a loop at the top of a script runs several times slower).
  const loop = 'function spin() { let x = 0; for (let i = 0; i < 3e8; i++) x += i % 7; return x; } const t = performance.now(); const x = spin(); process.stdout.write(String(performance.now() - t + (x < 0 ? 1 : 0)));';
  return [0, 1, 2].map(() => Number(spawnSync(process.execPath, ['-e', loop], { encoding: 'utf8' }).stdout));
}

/** "median (runs a, b, c)" of a CPU reference measurement. */
function describeReference(runs: readonly number[]): string {
  return `${median(runs).toFixed(0)} ms (runs: ${runs.map((r) => r.toFixed(0)).join(', ')} ms)`;
}

async function main(): Promise<void> {
  await mkdir(out, { recursive: true });
  const only = process.argv.slice(2);
  const referenceBefore = cpuReferenceMs();
  const load = (): string => loadavg().map((l) => l.toFixed(2)).join(', ');
  const loadBefore = load();
  const sections: string[] = [];
  let scanSection: string | undefined;
  if (only.length === 0 || only.includes('check')) {
    process.stderr.write('bench: check …\n');
    const { benchCheck } = await import('./check.js');
    const check = await benchCheck();
    await writeFile(`${out}check.json`, `${JSON.stringify(check.result, null, 2)}\n`);
    sections.push(check.markdown);
  }
  if (only.length === 0 || only.includes('scan')) {
    process.stderr.write('bench: scan …\n');
    const { benchScan } = await import('./scan.js');
    scanSection = await benchScan();
    sections.push(scanSection);
  }
  const referenceAfter = cpuReferenceMs();
  const loadAfter = load();
  const header = `# Benchmark results\n\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. ` +
    `Run with \`npm run bench\` (or \`npm run bench -- check\` / \`-- scan\`). Written ${new Date().toISOString()}.\n\n` +
    `CPU reference (a fixed loop of 3·10⁸ iterations in a fresh process, median of 3), measured in this run: ` +
    `${describeReference(referenceBefore)} before the benchmarks, ${describeReference(referenceAfter)} after. ` +
    `Load average (1, 5, 15 min): ${loadBefore} before, ${loadAfter} after. A slower reference or a load above the ` +
    `${cpus().length} cores means other work shared the machine during the run: figures from runs with different references ` +
    `are not comparable one to one; the ratios between tools measured in turns are steadier than absolute times.\n\n`;
  // The scan figures also stand alone, where docs/scan.md links to them, with the machine's state of the run.
  if (scanSection !== undefined) await writeFile(`${out}scan.md`, `${header.replace('# Benchmark results', '# Benchmark: scan')}${scanSection}`);
  const file = only.length === 0 ? 'RESULTS.md' : `RESULTS-${only.join('-')}.md`;
  await writeFile(`${out}${file}`, header + sections.join('\n'));
  process.stdout.write(header + sections.join('\n'));
}

await main();
