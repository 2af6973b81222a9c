// Whole-process measurements, as a user's stopwatch sees them: a child process from spawn to exit
// (start-up, module loading, work and output included), its wall clock taken here, its peak RSS by
// GNU time (`/usr/bin/time -f %M`, the kernel's maxrss of the child) and its CPU time (user + system, with
// the processes it waited for) by bash's `time`, to the millisecond. On a shared machine wall clock
// includes waiting for a core; CPU time does not.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TIME = '/usr/bin/time';
const BASH = '/bin/bash';
// GNU time and bash write their figures last on stderr, after markers the measured program never prints.
const MARKER = 'credcanary-bench-peak-rss-kb=';
const CPU_MARKER = 'credcanary-bench-cpu-s=';

/** One child process run: wall clock from spawn to exit, peak RSS (null without GNU time), exit status, output. */
export interface ProcessRun {
  wallMs: number;
  peakRssMb: number | null;
  /** User + system CPU of the process and the children it waited for (null without bash). */
  cpuMs: number | null;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Whether peak RSS can be measured (GNU time at /usr/bin/time). */
export function canMeasureRss(): boolean {
  return existsSync(TIME);
}

/** Whether CPU time can be measured (bash at /bin/bash). */
export function canMeasureCpu(): boolean {
  return existsSync(BASH);
}

/**
 * Runs `command args` as a child process and measures it. Asynchronous, so a simulator in this process
 * keeps answering the child's requests. The wrapper (GNU time) adds the same fork and exec to every
 * measured command alike, `node -e 0` included.
 */
export function runProcess(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<ProcessRun> {
  const wrapped = canMeasureRss();
  const timed = canMeasureCpu();
  const inner = wrapped ? [TIME, '-f', `${MARKER}%M`, command, ...args] : [command, ...args];
  // bash runs `time "$@"`: the command is never parsed by a shell, only passed through.
  const file = timed ? BASH : (inner[0] as string);
  const argv = timed ? ['-c', `TIMEFORMAT='${CPU_MARKER}%3U %3S'; time "$@"`, 'bash', ...inner] : inner.slice(1);
  return new Promise((resolve, reject) => {
    const began = performance.now();
    // A process group of its own, so a timeout ends the measured program too, not only the wrappers around it.
    const child = spawn(file, argv, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, options.timeoutMs ?? 600_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (status) => {
      const wallMs = performance.now() - began;
      clearTimeout(timer);
      let stderr = Buffer.concat(err).toString('utf8');
      let cpuMs: number | null = null;
      const cpuAt = stderr.lastIndexOf(CPU_MARKER);
      if (timed && cpuAt >= 0) {
        const [user, system] = stderr.slice(cpuAt + CPU_MARKER.length).trim().split(' ').map(Number);
        cpuMs = ((user ?? NaN) + (system ?? NaN)) * 1000;
        stderr = stderr.slice(0, cpuAt).replace(/\n$/, '');
      }
      let peakRssMb: number | null = null;
      const at = stderr.lastIndexOf(MARKER);
      if (wrapped && at >= 0) {
        peakRssMb = Number(stderr.slice(at + MARKER.length).trim()) / 1024;
        // GNU time also says "Command exited with non-zero status N" before its figure.
        stderr = stderr.slice(0, at).replace(/Command exited with non-zero status \d+\n$/, '');
      }
      resolve({ wallMs, peakRssMb, cpuMs, status, stdout: Buffer.concat(out).toString('utf8'), stderr });
    });
  });
}

/** A build of credcanary to run: its file, how the results name it, and what it is. */
export interface Entry {
  path: string;
  shown: string;
  what: string;
}

/** The npm package's command (package.json `bin`): what `npm install -g` puts on the PATH. */
export function packageEntry(): Entry {
  return { path: fileURLToPath(new URL('../cli/bin.js', import.meta.url)), shown: 'dist/cli/bin.js', what: "the npm package's command (package.json `bin`)" };
}

/**
 * The credcanary a CI job runs: the single-file bundle `init workflow` vendors when the build made one,
 * else the package's command. `CREDCANARY_BENCH_ENTRY=FILE` measures another build instead (said so).
 */
export function credcanaryEntry(): Entry {
  const other = process.env['CREDCANARY_BENCH_ENTRY'];
  if (other) return { path: resolve(other), shown: other, what: 'set by CREDCANARY_BENCH_ENTRY' };
  const bundle = fileURLToPath(new URL('../credcanary.mjs', import.meta.url));
  if (existsSync(bundle)) return { path: bundle, shown: 'dist/credcanary.mjs', what: 'the single-file bundle `npm run build` makes and `init workflow` vendors' };
  return { ...packageEntry(), what: `${packageEntry().what}; this build made no single-file bundle` };
}

/** A sentence naming what was measured as `credcanary`. */
export function entrySentence(entry: Entry): string {
  return `\`credcanary\` is \`node ${entry.shown}\`, ${entry.what}.`;
}

/**
 * Runs each named command `runs` times, taking turns (one of each, then again; the order of the first
 * run reversed every other round), so minute-to-minute drift of a shared machine falls on all alike.
 */
export async function alternate<K extends string>(runs: number, commands: Record<K, () => Promise<ProcessRun>>): Promise<Record<K, ProcessRun[]>> {
  const names = Object.keys(commands) as K[];
  const out = Object.fromEntries(names.map((n) => [n, [] as ProcessRun[]])) as Record<K, ProcessRun[]>;
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) out[name].push(await commands[name]());
  }
  return out;
}
