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

/** The read-ahead thread's module (tests give one that fails, to see the scan finish without it). */
const WORKER = new URL('./read-ahead-worker.js', import.meta.url);

/** Called with each file to analyse, as soon as its bytes are in. */
export type OnFile = (file: Discovered, read: FileRead) => void;

/**
 * Walks `root`, calling `onFile` for every file the scan analyses (in no particular order), and returns
 * the discovery (files ordered by path, forges assigned) once the walk is complete, with whether the
 * second thread took part.
 */
export async function walkAndRead(root: string, mode: ReadAhead, onFile: OnFile, workerModule = WORKER): Promise<Discovery & { threaded: boolean }> {
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
  let next = 0;
  const analyseNext = (): void => {
    const file = found[next++] as Discovered;
    files.push(file);
    onFile(file, readCandidate(file.abs));
  };
  // The thread runs the compiled worker module; under a TypeScript loader (tests of the sources) there is none.
  const threaded = mode !== 'off' && import.meta.url.endsWith('.js');
  const after = mode === 'always' ? 0 : AUTO_AFTER_FOLDERS;
  const pending = walk([absRoot], collect, threaded ? (n) => n >= after : undefined);
  const thread = pending.length > 0 ? tryStartThread(absRoot, workerModule) : null;
  let handedOver = false;
  // No thread (it could not be started): this one walks on.
  if (!thread) walk(pending, collect);
  else {
    // Until the thread is up, this one reads and analyses what it found, walking on when it runs out
    // (with `always`, the thread does all of it).
    let ready = mode === 'always';
    while (!ready && !(ready = Atomics.load(thread.flow, READY) === 1)) {
      if (next < found.length) analyseNext();
      else if (pending.length > 0) walk(pending, collect, (n) => n >= 1);
      else break;
    }
    if (ready) {
      handedOver = true;
      const handed = found.slice(next);
      next = found.length;
      const ok = await thread.run({ files: handed.map(({ abs, path, kind }) => ({ abs, path, kind })), pending }, tree, files, onFile);
      if (!ok) {
        // The thread failed: this one does what is left (the folders and files it was given are still
        // here), skipping every file the thread did deliver.
        const delivered = new Set(files.map((f) => f.path));
        found.length = 0;
        found.push(...handed);
        next = 0;
        walk(pending, collect);
        while (next < found.length) {
          if (delivered.has((found[next] as Discovered).path)) next++;
          else analyseNext();
        }
      }
    } else {
      // The whole tree was walked before the thread was up.
      void thread.worker.terminate();
    }
  }
  while (next < found.length) analyseNext();
  completeDiscovery(files);
  return { files, tree, threaded: handedOver };
}

/** `startThread`, or null where a worker thread cannot be started at all. */
function tryStartThread(root: string, workerModule: URL): ReturnType<typeof startThread> | null {
  try {
    return startThread(root, workerModule);
  } catch {
    return null;
  }
}

/** A started read-ahead thread, and how to hand it its work. */
function startThread(root: string, workerModule: URL): { worker: Worker; flow: Int32Array; run: (start: ReadAheadStart, tree: Set<string>, files: Discovered[], onFile: OnFile) => Promise<boolean> } {
  const shared = new SharedArrayBuffer(12);
  const flow = new Int32Array(shared);
  const job: ReadAheadJob = { root, flow: shared };
  // No flags of this process: the reader needs none, and a worker refuses many (V8 options, --eval).
  const worker = new Worker(workerModule, { execArgv: [], workerData: job });
  // Until `run` listens, a failure to start must not become an uncaught error; `run` then sees the exit.
  worker.on('error', () => undefined);
  /** Hands the thread its work; resolves true when it delivered everything, false when it failed. */
  const run = (start: ReadAheadStart, tree: Set<string>, files: Discovered[], onFile: OnFile): Promise<boolean> =>
    new Promise<boolean>((resolve, reject) => {
      let finished = false;
      const fail = (): void => {
        if (finished) return;
        finished = true;
        void worker.terminate();
        resolve(false);
      };
      worker.on('message', (message: ReadAheadMessage) => {
        if ('done' in message) {
          finished = true;
          resolve(true);
          return;
        }
        const { tree: paths, files: batch } = message.batch;
        for (const path of paths) tree.add(path);
        try {
          for (const f of batch) {
            const file: Discovered = { abs: f.abs, path: f.path, kind: f.kind, forges: [], notes: [] };
            files.push(file);
            onFile(file, f.read);
          }
        } catch (err) {
          // An error of the analysis itself is the scan's, not the thread's.
          finished = true;
          void worker.terminate();
          reject(err);
          return;
        }
        Atomics.add(flow, CONSUMED, 1);
        Atomics.notify(flow, CONSUMED);
      });
      worker.on('error', fail);
      worker.on('exit', fail);
      worker.postMessage(start);
    });
  return { worker, flow, run };
}
