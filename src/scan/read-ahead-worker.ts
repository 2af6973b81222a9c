// Worker-thread entry of the read-ahead: reads the files and walks the folders the scanning thread
// hands over, posting every file the scan will analyse in batches, decoded and fingerprinted here (a
// string crosses threads as a plain copy, cheaper for the scanning thread than decoding the bytes), while
// the scanning thread analyses earlier batches. It stays a few batches ahead, not more, so a big tree is
// never held in memory at once.

import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { classifyPath, relPath, walk } from './discover.js';
import type { ConsumerKind } from './model.js';
import { CONSUMED, POSTED, READY, type BatchFile, type ReadAheadJob, type ReadAheadMessage, type ReadAheadStart } from './read-ahead-protocol.js';
import { readCandidate } from './read-file.js';

/** Flushes a batch at this many files to analyse, characters of text, or paths; keeps at most AHEAD batches unconsumed. */
const BATCH_FILES = 64;
const BATCH_CHARS = 256 * 1024;
const BATCH_PATHS = 4096;
const AHEAD = 8;

const job = workerData as ReadAheadJob;
const flow = new Int32Array(job.flow);
let tree: string[] = [];
let files: BatchFile[] = [];
/** Characters of text in the current batch. */
let chars = 0;

/** Posts the current batch, then waits while the scanning thread is AHEAD batches behind. */
function flush(): void {
  if (tree.length === 0 && files.length === 0) return;
  parentPort?.postMessage({ batch: { tree, files } } satisfies ReadAheadMessage);
  const posted = Atomics.add(flow, POSTED, 1) + 1;
  for (let done = Atomics.load(flow, CONSUMED); posted - done > AHEAD; done = Atomics.load(flow, CONSUMED)) Atomics.wait(flow, CONSUMED, done, 200);
  tree = [];
  files = [];
  chars = 0;
}

/** Reads one file into the current batch. */
function read(abs: string, path: string, kind: ConsumerKind | 'maybe-script'): void {
  const got = readCandidate(abs);
  files.push({ abs, path, kind, read: got });
  if ('text' in got) chars += got.text.length;
  if (files.length >= BATCH_FILES || chars >= BATCH_CHARS) flush();
}

/**
 * Lowers this thread's priority to the least, so that it runs on CPU time the analysis leaves idle: on
 * a machine of two cores the analysis thread and V8's own helper threads use most of both, and a reader
 * at equal priority takes turns with the analysis instead of filling the gaps (measured: a fifth of a
 * second more on the benchmark). Linux only, where each thread has an id of its own; elsewhere the
 * thread keeps the normal priority.
 */
function yieldToAnalysis(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0 && tid !== process.pid) setPriority(tid, 19);
  } catch {
    // No /proc/thread-self (macOS, Windows) or no permission: normal priority.
  }
}

yieldToAnalysis();
parentPort?.once('message', (start: ReadAheadStart) => {
  for (const f of start.files) read(f.abs, f.path, f.kind);
  walk(start.pending, (abs) => {
    const path = relPath(job.root, abs);
    tree.push(path);
    const kind = classifyPath(path);
    if (kind) read(abs, path, kind);
    else if (tree.length >= BATCH_PATHS) flush();
  });
  flush();
  parentPort?.postMessage({ done: true } satisfies ReadAheadMessage);
});
Atomics.store(flow, READY, 1);
