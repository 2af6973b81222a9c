// Reading one file the scanner may analyse, on whichever thread walks the tree. The size is checked
// before the read: a stray binary or log that happens to be named like a script costs a stat, not a
// read of gigabytes.

import { hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Files larger than this are not consumers anyone writes by hand; they are skipped with a diagnostic. */
export const MAX_BYTES = 2 * 1024 * 1024;

/**
 * A file's text (decoded as UTF-8) with the `contentDigest` of its bytes, or why there is none: larger
 * than MAX_BYTES, or the error code of a failed read. Decoded where it is read: on the read-ahead thread
 * a string crosses to the scanning thread as a copy, which costs that thread less than decoding.
 */
export type FileRead = { text: string; digest: string } | { tooLarge: number } | { error: string };

/**
 * A fingerprint of a file's bytes, for the content memo. SHA-256, not SHA-1: a scanned tree may be
 * hostile, and two files made to collide would get one analysis; on this machine it costs the same.
 */
export function contentDigest(buf: Buffer): string {
  return hash('sha256', buf, 'base64');
}

/** Reads a file of at most MAX_BYTES. */
export function readCandidate(abs: string): FileRead {
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    const size = fstatSync(fd).size;
    if (size > MAX_BYTES) return { tooLarge: size };
    const buf = Buffer.allocUnsafeSlow(size);
    let got = 0;
    // A file that shrinks while it is read ends early; one that grows is read as it was when sized.
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, null);
      if (n === 0) break;
      got += n;
    }
    const bytes = got === size ? buf : buf.subarray(0, got);
    return { text: bytes.toString('utf8'), digest: contentDigest(bytes) };
  } catch (err) {
    return { error: (err as NodeJS.ErrnoException).code ?? String(err) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
