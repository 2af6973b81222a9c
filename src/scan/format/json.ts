// The `credcanary.scan/v1` JSON document.

import type { ScanResult } from '../model.js';

/** The scan result as pretty JSON (one document, trailing newline). */
export function formatJson(result: ScanResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
