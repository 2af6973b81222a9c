// Walking the tree and reading its files on a second thread while this one analyses them. On a big
// tree the walk and the reads are about a sixth of the scan; on their own thread they cost the
// analysis nothing. Small trees never start the thread: the first folders are walked here, and only a
// walk that goes on past them starts it. This thread keeps walking while the other one starts up, then
// hands over what it found and what is left.

import { Worker } from 'node:worker_threads';
import { checkRoot, classifyPath, completeDiscovery, relPath, walk, type Discovered, type Discovery } from './discover.js';
import { CONSUMED, READY, type ReadAheadJob, type ReadAheadMessage, type ReadAheadStart } from './read-ahead-protocol.js';
import { readCandidate, type FileRead } from './read-file.js';

/** `auto`: a second thread once the walk passes AUTO_AFTER_FOLDERS folders; `off`: never; `always`: the whole walk on it. */
export type ReadAhead = 'auto' | 'off' | 'always';

/** About this many folders take a few milliseconds to walk; past them, starting the thread pays. */
const AUTO_AFTER_FOLDERS = 256;

/** Called with each file to analyse, as soon as its bytes are in. */
export type OnFile = (file: Discovered, read: FileRead) => void;

/**
 * Walks `root`, calling `onFile` for every file the scan analyses (in no particular order), and returns
 * the discovery (files ordered by path, forges assigned) once the walk is complete, with whether the
 * second thread took part.
 */
export async function walkAndRead(root: string, mode: ReadAhead, onFile: OnFile): Promise<Discovery & { threaded: boolean }> {
  const absRoot = await checkRoot(root);
  const files: Discovered[] = [];
  const tree = new Set<string>();
  const found: Discovered[] = [];
  const collect = (abs: string): void => {
    const path = relPath(absRoot, abs);
    tree.add(path);
    const kind = classifyPath(path);
    if (kind) found.push({ abs, path, kind, forges: [], notes: [] });
  };
  // The thread runs the compiled worker module; under a TypeScript loader (tests of the sources) there is none.
  const threaded = mode !== 'off' && import.meta.url.endsWith('.js');
  const after = mode === 'always' ? 0 : AUTO_AFTER_FOLDERS;
  const pending = walk([absRoot], collect, threaded ? (n) => n >= after : undefined);
  let next = 0;
  const analyseNext = (): void => {
    const file = found[next++] as Discovered;
    files.push(file);
    onFile(file, readCandidate(file.abs));
  };
  let reading: Promise<void> = Promise.resolve();
  let handedOver = false;
  if (pending.length > 0) {
    const thread = startThread(absRoot);
    // Until the thread is up, this one reads and analyses what it found, walking on when it runs out
    // (with `always`, the thread does all of it).
    let ready = mode === 'always';
    while (!ready && !(ready = Atomics.load(thread.flow, READY) === 1)) {
      if (next < found.length) analyseNext();
      else if (pending.length > 0) walk(pending, collect, (n) => n >= 1);
      else break;
    }
    if (ready) {
      const handed = found.slice(next).map(({ abs, path, kind }) => ({ abs, path, kind }));
      next = found.length;
      handedOver = true;
      reading = thread.run({ files: handed, pending }, tree, files, onFile);
    } else {
      // The whole tree was walked before the thread was up.
      void thread.worker.terminate();
    }
  }
  while (next < found.length) analyseNext();
  await reading;
  completeDiscovery(files);
  return { files, tree, threaded: handedOver };
}

/** A started read-ahead thread, and how to hand it its work. */
function startThread(root: string): { worker: Worker; flow: Int32Array; run: (start: ReadAheadStart, tree: Set<string>, files: Discovered[], onFile: OnFile) => Promise<void> } {
  const shared = new SharedArrayBuffer(12);
  const flow = new Int32Array(shared);
  const job: ReadAheadJob = { root, flow: shared };
  // Flags such as --input-type apply to the main entry only; a worker given them refuses to start.
  const execArgv = process.execArgv.filter((a) => !a.startsWith('--input-type') && a !== '-e' && a !== '--eval');
  const worker = new Worker(new URL('./read-ahead-worker.js', import.meta.url), { execArgv, workerData: job });
  const run = (start: ReadAheadStart, tree: Set<string>, files: Discovered[], onFile: OnFile): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      let finished = false;
      const fail = (why: string): void => {
        if (finished) return;
        finished = true;
        void worker.terminate();
        // An incomplete walk must never look like a clean, smaller tree.
        reject(new Error(`reading the tree failed: ${why}`));
      };
      worker.on('message', (message: ReadAheadMessage) => {
        if ('done' in message) {
          finished = true;
          resolve();
          return;
        }
        const { tree: paths, files: batch, data } = message.batch;
        for (const path of paths) tree.add(path);
        try {
          for (const f of batch) {
            const file: Discovered = { abs: f.abs, path: f.path, kind: f.kind, forges: [], notes: [] };
            files.push(file);
            const read: FileRead = f.error !== undefined ? { error: f.error } : f.tooLarge !== undefined ? { tooLarge: f.tooLarge } : { buf: Buffer.from(data, f.at, f.length) };
            onFile(file, read);
          }
        } catch (err) {
          fail(err instanceof Error ? err.message : String(err));
          return;
        }
        Atomics.add(flow, CONSUMED, 1);
        Atomics.notify(flow, CONSUMED);
      });
      worker.on('error', (err) => fail(err.message));
      worker.on('exit', (code) => fail(`the reading thread stopped early (exit code ${code})`));
      worker.postMessage(start);
    });
  return { worker, flow, run };
}
