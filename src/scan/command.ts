// `credcanary scan` as the CLI runs it: options in, output written, exit code out.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT, type ExitCode } from '../core/exit-codes.js';
import { UserError } from '../core/errors.js';
import { loadInventory } from '../inventory/load.js';
import { locateInventory } from '../inventory/locate.js';
import { preflightOutputs } from '../io/outputs.js';
import type { LoadedInventory } from '../inventory/schema.js';
import { packageVersion } from '../cli/version.js';
import { formatGithub } from './format/github.js';
import { jsonDocumentPieces } from './format/json.js';
import { sarifPieces } from './format/sarif.js';
import { failingFindings, parseFailOn } from './format/severity.js';
import { formatTable } from './format/table.js';
import { writePieces } from './format/write-pieces.js';
import { RULES } from './rules/index.js';
import { scan } from './scanner.js';
import { splitLines } from './text.js';

/** Options of `credcanary scan` as commander parses them. */
export interface ScanCliOptions {
  root: string;
  config?: string;
  format: string;
  failOn: string;
  output?: string;
  color?: boolean;
}

/** The inventory to use: `--config` must exist; the env var or ./credcanary.yaml only when present. */
async function inventoryFor(config: string | undefined): Promise<LoadedInventory | null> {
  if (config) return loadInventory(locateInventory({ config }));
  try {
    return await loadInventory(locateInventory({}));
  } catch (err) {
    // No inventory is fine for a scan; a broken one that exists is still an error.
    if (err instanceof UserError && /^inventory (not found|is not a file)/.test(err.message)) return null;
    throw err;
  }
}

/**
 * The lines of a scanned file, for SARIF fingerprints. Findings come sorted by file, so the last file read
 * is kept: each file is read once, and only one is held at a time.
 */
function linesOfFiles(root: string): (file: string) => readonly string[] | undefined {
  let last: { file: string; lines: readonly string[] | undefined } | null = null;
  return (file) => {
    if (last?.file !== file) {
      let lines: readonly string[] | undefined;
      try {
        lines = splitLines(readFileSync(resolve(root, file), 'utf8'));
      } catch {
        lines = undefined;
      }
      last = { file, lines };
    }
    return last.lines;
  };
}

/** Runs the scan command and returns its exit code. */
export async function runScanCommand(paths: readonly string[], opts: ScanCliOptions): Promise<ExitCode> {
  const failOn = parseFailOn(opts.failOn);
  if (!failOn) throw new UserError(`--fail-on must be low, medium, high, critical or never, not "${opts.failOn}"`);
  const inventory = await inventoryFor(opts.config);
  let result;
  try {
    result = await scan({ root: opts.root, paths, inventory });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') throw new UserError(`cannot scan ${e.path ?? 'path'}: no such file or folder`);
    throw err;
  }
  // A report must not replace what the scan read: the inventory, or a scanned workflow or script.
  const root = resolve(opts.root);
  await preflightOutputs(
    [{ flag: '--output', path: opts.output }],
    [
      ...(inventory ? [{ what: 'the inventory', path: inventory.file }] : []),
      ...result.files.map((f) => ({ what: `a scanned file (${f.path})`, path: resolve(root, f.path) })),
    ],
  );
  // JSON and SARIF are written as they are made (a 20,000-file scan is tens of MB of text, never held whole).
  let pieces: Iterable<string>;
  switch (opts.format) {
    case 'json':
      pieces = jsonDocumentPieces(result);
      break;
    case 'sarif': {
      pieces = sarifPieces(result, { rules: RULES, version: packageVersion(), linesOf: linesOfFiles(root) });
      break;
    }
    case 'github':
      pieces = [formatGithub(result)];
      break;
    case 'table': {
      const tty = opts.output === undefined && process.stdout.isTTY === true;
      pieces = [formatTable(result, { color: tty && opts.color !== false && !process.env['NO_COLOR'], ...(tty ? { width: process.stdout.columns } : {}) })];
      break;
    }
    default:
      throw new UserError(`unknown format "${opts.format}"`, ['expected table, json, sarif or github']);
  }
  await writePieces(pieces, opts.output);
  if (failingFindings(result.findings, failOn).length > 0) return EXIT.fail;
  if (result.files.some((f) => f.status === 'error')) return EXIT.inconclusive;
  return EXIT.ok;
}
