import { rmSync } from 'node:fs';
import { SIGNAL_EXIT } from '../core/exit-codes.js';

// A run starts child processes in their own process groups (git, `command` sources) so a timeout can
// kill everything they started, and a temp folder for git. A signal fires no `exit` handler and does
// not reach a detached group, so without this a Ctrl-C or a CI cancel would leave git children running
// with the Basic header in their environment, and the temp folders behind. Everything that starts
// such a thing registers it here; the CLI installs the signal handlers.

const groups = new Set<number>();
const folders = new Set<string>();

let exitHooked = false;

// Whoever runs the engine (the CLI, the daemon, a test), an exit must not leave them behind either.
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', cleanUpNow);
}

/** Remembers a detached child's process group until the returned function is called (when it ended). */
export function trackChildGroup(pid: number | undefined): () => void {
  if (pid === undefined) return () => {};
  hookExit();
  groups.add(pid);
  return () => groups.delete(pid);
}

/** Remembers a temp folder to remove if the run is interrupted, until the returned function is called. */
export function trackTempFolder(path: string): () => void {
  hookExit();
  folders.add(path);
  return () => folders.delete(path);
}

/** Kills every tracked process group and removes every tracked folder, synchronously (safe in a signal or exit handler). */
export function cleanUpNow(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  groups.clear();
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  folders.clear();
}

let installed = false;
const signalHandlers = new Map<'SIGINT' | 'SIGTERM', () => void>();

/** Kills and cleans up at once, then exits 130/143: what an interrupt does. */
export function interruptNow(signal: 'SIGINT' | 'SIGTERM'): never {
  cleanUpNow();
  process.stderr.write(`credcanary: interrupted by ${signal}; child processes killed and temp folders removed\n`);
  process.exit(SIGNAL_EXIT[signal]);
}

/** On SIGINT/SIGTERM: kill every tracked child group, remove tracked temp folders, exit 130/143 (a signal fires no `exit` handler). */
export function installInterruptCleanup(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const handler = () => interruptNow(signal);
    signalHandlers.set(signal, handler);
    process.once(signal, handler);
  }
}

/** For a command that stops gracefully on a signal (serve drains, then exits 0): removes the immediate
 * signal handlers; the exit clean-up stays. */
export function takeOverInterrupts(): void {
  for (const [signal, handler] of signalHandlers) process.off(signal, handler);
  signalHandlers.clear();
}
