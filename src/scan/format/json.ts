// The `credcanary.scan/v1` JSON document.

import type { ScanResult } from '../model.js';
import { jsonPieces } from './json-stream.js';

/** The scan result as pretty JSON in pieces (document → its arrays → their elements), trailing newline. */
export function* jsonDocumentPieces(result: ScanResult): Generator<string> {
  yield* jsonPieces(result, 2);
  yield '\n';
}

/** The scan result as pretty JSON (one document, trailing newline). */
export function formatJson(result: ScanResult): string {
  return [...jsonDocumentPieces(result)].join('');
}
