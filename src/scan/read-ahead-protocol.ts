// What the scanning thread and the read-ahead thread say to each other (kept apart from the worker's
// entry module, which runs as soon as it is imported).

import type { ConsumerKind } from './model.js';
import type { FileRead } from './read-file.js';

/** What the read-ahead thread is started with. */
export interface ReadAheadJob {
  /** The scan root (absolute), for relative paths. */
  root: string;
  /** Three Int32s: batches posted, batches the scanning thread has finished with, 1 once this thread is ready. */
  flow: SharedArrayBuffer;
}

/** The work handed over once the thread is ready: files found but not read yet, and folders not walked yet. */
export interface ReadAheadStart {
  files: { abs: string; path: string; kind: ConsumerKind | 'maybe-script' }[];
  pending: string[];
}

/** One file of a batch, as read (see FileRead). */
export interface BatchFile {
  abs: string;
  path: string;
  kind: ConsumerKind | 'maybe-script';
  read: FileRead;
}

/** A message from the read-ahead thread: a batch (with the paths of every file its folders hold), or the end. */
export type ReadAheadMessage = { batch: { tree: string[]; files: BatchFile[] } } | { done: true };

/** Slots of the flow array. */
export const POSTED = 0;
export const CONSUMED = 1;
export const READY = 2;
