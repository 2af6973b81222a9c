// Worker-thread entry: processes batches of files sent by the scanner and posts their outcomes back.

import { parentPort, workerData } from 'node:worker_threads';
import type { Discovered } from './discover.js';
import { processFile, setContentMemo } from './process-file.js';
import { RULES } from './rules/index.js';

/** A batch request: files to process, with an id to match the answer. */
export interface WorkerRequest {
  id: number;
  files: Discovered[];
}

setContentMemo((workerData as { memo?: boolean } | null)?.memo !== false);

parentPort?.on('message', (req: WorkerRequest) => {
  parentPort?.postMessage({ id: req.id, outcomes: req.files.map((f) => processFile(f, RULES)) });
});
