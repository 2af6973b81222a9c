// Test helper: what the inventory loader says about a document it must reject.
import { expect } from 'vitest';
import { ConfigError, formatConfigIssue } from '../core/errors.js';
import { parseInventory } from '../inventory/load.js';

/** The `line:column: path: message` of every issue `text` (read as `file`) produces; fails when it parses. */
export function inventoryIssues(text: string, file: string): string[] {
  try {
    parseInventory(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues.map((issue) => formatConfigIssue(issue).replace(`${file}:`, ''));
  }
  throw new Error('expected the inventory to be rejected');
}
