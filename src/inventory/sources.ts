import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { REDACTED, redact, registerSecret } from '../secrets/redact.js';
import { EnvFileSyntaxError, parseEnvFile } from './env-file.js';
import type { SecretSource } from './schema.js';

// Reading a secret from where the inventory says it lives. A source that yields nothing is `missing`
// (the `presence` probe's fail); a source that could not be read at all is `error`. No message ever
// contains the value, and every value read is registered for redaction before it is returned.

/** A warning about how a secret is stored (not about the secret itself). */
export interface FileModeWarning {
  class: 'file-mode';
  message: string;
}

/** The outcome of reading one secret. */
export type SecretRead =
  | { ok: true; value: string; warnings: FileModeWarning[] }
  | { ok: false; reason: 'missing' | 'error'; message: string };

/** What reading needs: the inventory's folder (relative paths, command cwd), the environment, and a time limit for commands. */
export interface SecretContext {
  dir: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** Reads `source`; never throws for a problem with the source itself. */
export async function readSecret(source: SecretSource, ctx: SecretContext): Promise<SecretRead> {
  if ('env' in source) return fromEnv(source.env, ctx.env);
  if ('file' in source) return fromFile(resolve(ctx.dir, source.file));
  if ('envFile' in source) return fromEnvFile(resolve(ctx.dir, source.envFile), source.key);
  return fromCommand(source.command, ctx);
}

function missing(message: string): SecretRead {
  return { ok: false, reason: 'missing', message };
}

function failed(message: string): SecretRead {
  return { ok: false, reason: 'error', message: redact(message) };
}

function found(value: string, warnings: FileModeWarning[] = []): SecretRead {
  registerSecret(value);
  return { ok: true, value, warnings };
}

function fromEnv(name: string, env: NodeJS.ProcessEnv): SecretRead {
  const value = env[name];
  if (value === undefined) return missing(`environment variable ${name} is not set`);
  if (value === '') {
    return missing(
      `environment variable ${name} is empty (CI passes a secret that is not defined, or not exposed to this job, as an empty string)`,
    );
  }
  return found(value);
}

// A file or command ends its output with a line break; the secret does not include it. More than one
// line means the source is not a bare secret (a KEY=VALUE file, a `pass` entry with metadata).
function singleLine(text: string, what: string): SecretRead | string {
  const value = text.trim();
  if (value === '') return missing(`${what} is empty`);
  const lines = value.split(/\r?\n/).length;
  if (lines > 1) return failed(`${what} holds ${lines} lines; it must hold the secret alone (for KEY=VALUE files use { envFile, key })`);
  return value;
}

async function readSecretFile(file: string): Promise<{ text: string; warnings: FileModeWarning[] } | SecretRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') return missing(`file ${file} does not exist`);
    return failed(`cannot read ${file} (${code})`);
  }
  return { text, warnings: await modeWarnings(file) };
}

/** A `file-mode` warning when `file` is readable or writable by group or others. */
export async function modeWarnings(file: string): Promise<FileModeWarning[]> {
  if (process.platform === 'win32') return [];
  const { mode } = await stat(file);
  if ((mode & 0o077) === 0) return [];
  const octal = `0${(mode & 0o777).toString(8)}`;
  return [{ class: 'file-mode', message: `${file} is accessible to group or others (mode ${octal}); fix: chmod 600 ${file}` }];
}

async function fromFile(file: string): Promise<SecretRead> {
  const read = await readSecretFile(file);
  if ('ok' in read) return read;
  const value = singleLine(read.text, `file ${file}`);
  return typeof value === 'string' ? found(value, read.warnings) : value;
}

async function fromEnvFile(file: string, key: string): Promise<SecretRead> {
  const read = await readSecretFile(file);
  if ('ok' in read) return read;
  let values: Map<string, string>;
  try {
    values = parseEnvFile(read.text);
  } catch (err) {
    if (err instanceof EnvFileSyntaxError) return failed(`${file}:${err.line}: ${err.message}`);
    throw err;
  }
  const value = values.get(key);
  if (value === undefined) return missing(`key ${key} is not set in ${file}`);
  if (value === '') return missing(`key ${key} is empty in ${file}`);
  return found(value, read.warnings);
}

const MAX_STDOUT = 1024 * 1024;
const MAX_STDERR = 64 * 1024;

// The command runs without a shell, in its own process group so a timeout kills everything it started
// (a shell script's children would otherwise hold stdout open and outlive the limit), with stdin closed
// so a command that prompts fails instead of waiting.
function fromCommand(argv: readonly string[], ctx: SecretContext): Promise<SecretRead> {
  const [program, ...args] = argv as [string, ...string[]];
  const what = `command ${program}`;
  return new Promise((settle) => {
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (read: SecretRead): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      settle(read);
    };
    let child: ChildProcessByStdio<null, Readable, Readable>;
    try {
      child = spawn(program, args, { cwd: ctx.dir, env: ctx.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, windowsHide: true });
    } catch (err) {
      // Only malformed arguments (a NUL byte, say) fail synchronously.
      finish(failed(`cannot run ${what} (${(err as Error).message})`));
      return;
    }
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    const killGroup = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      child.stdout.destroy();
      child.stderr.destroy();
    };
    timer = setTimeout(() => {
      killGroup();
      finish(failed(`${what} did not finish within ${ctx.timeoutMs} ms and was killed`));
    }, ctx.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_STDOUT) {
        killGroup();
        finish(failed(`${what} printed more than ${MAX_STDOUT} bytes; it must print only the secret`));
      } else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes < MAX_STDERR) stderr.push(chunk);
      stderrBytes += chunk.length;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      finish(failed(err.code === 'ENOENT' ? `${what} was not found (searched PATH and ${ctx.dir})` : `cannot run ${what} (${err.code ?? err.message})`));
    });
    child.on('close', (code, signal) => {
      const out = Buffer.concat(stdout).toString('utf8');
      if (code !== 0) {
        const status = code === null ? `was killed by ${signal ?? 'a signal'}` : `exited with code ${code}`;
        const detail = firstLine(Buffer.concat(stderr).toString('utf8'), out);
        finish(failed(`${what} ${status}${detail ? `: ${detail}` : ''}`));
        return;
      }
      const value = singleLine(out, `the output of ${what}`);
      finish(typeof value === 'string' ? found(value) : value);
    });
  });
}

// The first line of stderr says why a command failed; it may echo what it printed on stdout (possibly a
// secret that was never registered), so that is scrubbed as well as every registered secret.
function firstLine(stderr: string, stdout: string): string {
  let line = stderr.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
  for (const printed of stdout.split(/\r?\n/).map((l) => l.trim())) {
    if (printed.length >= 6) line = line.split(printed).join(REDACTED);
  }
  line = redact(line);
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
