import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { trackChildGroup } from '../io/children.js';
import { redact, registerSecret } from '../secrets/redact.js';
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

/**
 * The outcome of reading one secret. `malformed`: a value was read but cannot be a token as stored
 * (surrounding whitespace, a line break, NUL, a character an HTTP header cannot carry). `remedy`,
 * when set, says what to do better than a generic "fix the source".
 */
export type SecretRead =
  | { ok: true; value: string; warnings: FileModeWarning[] }
  | { ok: false; reason: 'missing' | 'error' | 'malformed'; message: string; remedy?: string };

/** What reading needs: the inventory's folder (relative paths, command cwd), the environment, and a time limit for commands. */
export interface SecretContext {
  dir: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** Reads `source`; never throws for a problem with the source itself. */
export async function readSecret(source: SecretSource, ctx: SecretContext): Promise<SecretRead> {
  if ('env' in source) return fromEnv(source.env, ctx.env);
  if ('file' in source) return fromFile(resolve(ctx.dir, source.file), ctx.timeoutMs);
  if ('envFile' in source) return fromEnvFile(resolve(ctx.dir, source.envFile), source.key, ctx.timeoutMs);
  return fromCommand(source.command, ctx);
}

function missing(message: string): SecretRead {
  return { ok: false, reason: 'missing', message };
}

function failed(message: string, remedy?: string): SecretRead {
  return { ok: false, reason: 'error', message: redact(message), ...(remedy ? { remedy } : {}) };
}

// What an HTTP client cannot send in a header as-is: fetch strips surrounding whitespace (so what the
// forge sees, and may echo, is not the stored value) and rejects CR, LF, NUL and characters above U+00FF.
function malformation(value: string): string | null {
  if (/[\r\n]/.test(value)) return 'it contains a line break';
  if (value.includes('\0')) return 'it contains a NUL character';
  if ([...value].some((c) => c.codePointAt(0)! > 0xff)) return 'it contains a character an HTTP header cannot carry (above U+00FF)';
  if (value !== value.trim()) return 'it has leading or trailing whitespace';
  return null;
}

function found(where: string, value: string, warnings: FileModeWarning[] = []): SecretRead {
  // Registered first, trimmed form too (registerSecret does both): a malformed value is still a secret.
  registerSecret(value);
  const why = malformation(value);
  if (why === null) return { ok: true, value, warnings };
  return {
    ok: false,
    reason: 'malformed',
    message: `the value of ${where} cannot be sent as a token: ${why}`,
    remedy: `Likely cause: the secret was stored with a stray line break or space (a copy-paste, \`echo\` instead of \`printf\`), or is not a token at all. Remedy: store the token alone in ${where}, without surrounding whitespace, and run the check again.`,
  };
}

function fromEnv(name: string, env: NodeJS.ProcessEnv): SecretRead {
  // Own properties only: `{ env: constructor }` must not find Object.prototype's.
  const value = Object.hasOwn(env, name) ? env[name] : undefined;
  if (value === undefined) return missing(`environment variable ${name} is not set`);
  if (value === '') {
    return missing(
      `environment variable ${name} is empty (CI passes a secret that is not defined, or not exposed to this job, as an empty string)`,
    );
  }
  return found(`environment variable ${name}`, value);
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

/** The largest secret or env file read: a token file is a few dozen bytes, an env file a few KiB. */
export const MAX_SECRET_FILE_BYTES = 64 * 1024;

// Only a regular file of bounded size is read, with the time limit: a FIFO would block forever, a
// device (/dev/zero) or a huge file would fill memory. O_NONBLOCK lets a FIFO open without a writer,
// so it can be refused after fstat instead of hanging in open().
async function readSecretFile(file: string, timeoutMs: number): Promise<{ text: string; warnings: FileModeWarning[] } | SecretRead> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SecretRead>((settle) => {
    timer = setTimeout(() => settle(failed(`reading ${file} did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([readBounded(file), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function readBounded(file: string): Promise<{ text: string; warnings: FileModeWarning[] } | SecretRead> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') return missing(`file ${file} does not exist`);
    return failed(`cannot read ${file} (${code})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      const kind = info.isFIFO() ? 'a FIFO (named pipe)' : info.isDirectory() ? 'a directory' : info.isSocket() ? 'a socket' : 'a device';
      return failed(`${file} is ${kind}, not a regular file; a secret source must be a regular file`);
    }
    if (info.size > MAX_SECRET_FILE_BYTES) {
      return failed(`${file} is ${info.size} bytes, over the ${MAX_SECRET_FILE_BYTES}-byte limit for a secret file; it cannot be a bare token or env file`);
    }
    const buffer = Buffer.alloc(MAX_SECRET_FILE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_SECRET_FILE_BYTES) return failed(`${file} grew over the ${MAX_SECRET_FILE_BYTES}-byte limit for a secret file while being read`);
    return { text: buffer.subarray(0, bytesRead).toString('utf8'), warnings: modeWarningsFor(file, info.mode) };
  } catch (err) {
    return failed(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    await handle.close();
  }
}

/** A `file-mode` warning when `file` is readable or writable by group or others. */
export async function modeWarnings(file: string): Promise<FileModeWarning[]> {
  return modeWarningsFor(file, (await stat(file)).mode);
}

function modeWarningsFor(file: string, mode: number): FileModeWarning[] {
  if (process.platform === 'win32') return [];
  if ((mode & 0o077) === 0) return [];
  const octal = `0${(mode & 0o777).toString(8)}`;
  return [{ class: 'file-mode', message: `${file} is accessible to group or others (mode ${octal}); fix: chmod 600 ${file}` }];
}

async function fromFile(file: string, timeoutMs: number): Promise<SecretRead> {
  const read = await readSecretFile(file, timeoutMs);
  if ('ok' in read) return read;
  const value = singleLine(read.text, `file ${file}`);
  return typeof value === 'string' ? found(`file ${file}`, value, read.warnings) : value;
}

async function fromEnvFile(file: string, key: string, timeoutMs: number): Promise<SecretRead> {
  const read = await readSecretFile(file, timeoutMs);
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
  return found(`key ${key} in ${file}`, value, read.warnings);
}

const MAX_STDOUT = 1024 * 1024;

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
    // Killed with the run if it is interrupted; forgotten once it has ended.
    const untrack = trackChildGroup(child.pid);
    const stdout: Buffer[] = [];
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
    // Counted, never kept: it may hold secrets credcanary does not know about (DESIGN.md, secrets hygiene).
    child.stderr.on('data', (chunk: Buffer) => {
      stderrBytes += chunk.length;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      finish(failed(err.code === 'ENOENT' ? `${what} was not found (searched PATH and ${ctx.dir})` : `cannot run ${what} (${err.code ?? err.message})`));
    });
    child.on('close', (code, signal) => {
      untrack();
      const out = Buffer.concat(stdout).toString('utf8');
      if (code !== 0) {
        const status = code === null ? `was killed by ${signal ?? 'a signal'}` : `exited with code ${code}`;
        const said = stderrBytes === 0 ? 'and wrote nothing to stderr' : `and wrote ${stderrBytes} bytes to stderr (not shown: it may hold other secrets)`;
        finish(failed(`${what} ${status} ${said}`,
          `Likely cause: the command itself failed (locked vault, expired login, missing entry). Remedy: run the source's command (${program} with the arguments in the inventory) by hand where credcanary runs to see its message, fix it, and run the check again.`));
        return;
      }
      const value = singleLine(out, `the output of ${what}`);
      finish(typeof value === 'string' ? found(`the output of ${what}`, value) : value);
    });
  });
}
