// `npm run bench`: runs every benchmark and writes the figures under bench/ (committed with the code).
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('../../bench/', import.meta.url));

async function main(): Promise<void> {
  await mkdir(out, { recursive: true });
  const only = process.argv.slice(2);
  const sections: string[] = [];
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
    const scan = await benchScan();
    // The scan figures also stand alone, where docs/scan.md links to them.
    await writeFile(`${out}scan.md`, `# Benchmark: scan\n\n${scan}`);
    sections.push(scan);
  }
  const header = `# Benchmark results\n\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. ` +
    `Run with \`npm run bench\` (or \`npm run bench -- check\` / \`-- scan\`). Written ${new Date().toISOString()}.\n\n`;
  const file = only.length === 0 ? 'RESULTS.md' : `RESULTS-${only.join('-')}.md`;
  await writeFile(`${out}${file}`, header + sections.join('\n'));
  process.stdout.write(header + sections.join('\n'));
}

await main();
