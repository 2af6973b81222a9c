// Worker-thread entry: takes batches of the scan's files from the counter it shares with the scanner
// (and any other worker), processes them and posts their outcomes back, until none are left.

import { parentPort, workerData } from 'node:worker_threads';
import type { Discovered } from './discover.js';
import { processFile, setContentMemo } from './process-file.js';
import { RULES } from './rules/index.js';

/** What a worker is started with: every file, the shared next-batch counter, and the batch size. */
export interface WorkerJob {
  memo: boolean;
  files: Discovered[];
  /** One Int32: the next batch to take (Atomics.add), shared by all threads of the scan. */
  next: SharedArrayBuffer;
  batch: number;
}

/** A worker's message: one batch's outcomes, or that it has taken the last batch. */
export type WorkerMessage = { id: number; outcomes: ReturnType<typeof processFile>[] } | { done: true };

const job = workerData as WorkerJob;
setContentMemo(job.memo);
const next = new Int32Array(job.next);
for (let id = Atomics.add(next, 0, 1); id * job.batch < job.files.length; id = Atomics.add(next, 0, 1)) {
  const outcomes = job.files.slice(id * job.batch, (id + 1) * job.batch).map((f) => processFile(f, RULES));
  parentPort?.postMessage({ id, outcomes } satisfies WorkerMessage);
}
parentPort?.postMessage({ done: true } satisfies WorkerMessage);
