#!/usr/bin/env node
// `node dist/sim/serve.js SEED [--tokens-out FILE]`: runs the forge simulator from a seed file until interrupted.
// Prints only the URL; minted tokens go to a 0600 file (never to the terminal).

import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../core/errors.js';
import { startForgeSim } from './index.js';
import { applySeed, parseSeed, seedOptions } from './seed.js';

const USAGE = `usage: serve SEED.json [--tokens-out FILE]

Starts the loopback Gitea/Forgejo simulator on 127.0.0.1, seeded from SEED (see docs/simulator.md),
prints its URL, and runs until SIGINT/SIGTERM/SIGHUP (then removes its data folder). Minted tokens are written as JSON {ENV_NAME: token}
to FILE with mode 0600.

example:
  node dist/sim/serve.js seed.json --tokens-out /tmp/sim-tokens.json`;

/** Hooks for tests: where the URL line goes, and when to stop (default: SIGINT/SIGTERM/SIGHUP). */
export interface ServeIo {
  print(line: string): void;
  stopped(): Promise<void>;
}

const processIo: ServeIo = {
  print: (line) => process.stdout.write(`${line}\n`),
  stopped: () =>
    new Promise<void>((done) => {
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => done());
    }),
};

/** Parses argv, starts the simulator, and resolves to the process exit code once it is stopped. */
export async function serveMain(argv: string[], io: ServeIo = processIo): Promise<number> {
  let seedFile: string | undefined;
  let tokensOut: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      io.print(USAGE);
      return 0;
    } else if (a === '--tokens-out') {
      tokensOut = argv[++i];
      if (!tokensOut) throw new UserError('--tokens-out needs a file path');
    } else if (a.startsWith('-')) {
      throw new UserError(`unknown option ${a}`, [USAGE]);
    } else if (seedFile === undefined) {
      seedFile = a;
    } else {
      throw new UserError(`unexpected argument ${a}`, [USAGE]);
    }
  }
  if (!seedFile) throw new UserError('missing SEED file', [USAGE]);
  let text: string;
  try {
    text = readFileSync(seedFile, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read seed ${seedFile} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const loaded = parseSeed(text, seedFile);
  // Listening for the stop signal before anything is created: a SIGTERM during start-up still ends in
  // the clean-up below, instead of killing the process with its data folder left in the temp folder.
  const stopped = io.stopped();
  const dataDir = mkdtempSync(join(tmpdir(), 'credcanary-sim-'));
  const removeDataDir = (): void => rmSync(dataDir, { recursive: true, force: true });
  // Last resort for an exit that skips the orderly stop (process.exit elsewhere, an uncaught error).
  process.once('exit', removeDataDir);
  try {
    const sim = await startForgeSim({ ...seedOptions(loaded.seed), dataDir });
    try {
      const tokens = applySeed(sim, loaded);
      if (tokensOut) {
        const tmp = `${tokensOut}.tmp-${process.pid}`;
        writeFileSync(tmp, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600 });
        renameSync(tmp, tokensOut);
      }
      io.print(sim.url);
      await stopped;
    } finally {
      await sim.stop();
    }
  } finally {
    process.removeListener('exit', removeDataDir);
    removeDataDir();
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  serveMain(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      if (err instanceof UserError) {
        process.stderr.write(`error: ${err.message}\n${err.details.map((d) => `  ${d}\n`).join('')}`);
        process.exit(2);
      }
      process.stderr.write(`error: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
