import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REDACTED, clearSecrets, redact } from '../secrets/redact.js';
import { readSecret, type SecretContext, type SecretRead } from './sources.js';
import { tempDir } from '../testing/temp.js';

const TOKEN = `cc_PLANTED_${process.pid}_5e1c0ffee0ddba11`;
const NODE = process.execPath;

function workdir(): string {
  return tempDir('cc-sources-');
}

function ctx(dir: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 5000): SecretContext {
  return { dir, env: { PATH: process.env['PATH'], ...env }, timeoutMs };
}

function secretFile(dir: string, name: string, text: string, mode = 0o600): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

/** Asserts a failed read, its reason, and that the planted token is nowhere in it. */
function expectFailure(read: SecretRead, reason: 'missing' | 'error', pattern: RegExp): void {
  expect(read.ok).toBe(false);
  if (read.ok) return;
  expect(read.reason).toBe(reason);
  expect(read.message).toMatch(pattern);
  expect(read.message).not.toContain(TOKEN);
}

afterEach(() => clearSecrets());

/** Whether `pid` is a live process; a zombie (killed, not yet reaped by a container's init) counts as dead. */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    if (existsSync('/proc/self/stat')) return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('env sources', () => {
  it('read the variable and register it for redaction', async () => {
    const read = await readSecret({ env: 'TOK' }, ctx(workdir(), { TOK: TOKEN }));
    expect(read).toEqual({ ok: true, value: TOKEN, warnings: [] });
    expect(redact(`header ${TOKEN}`)).toBe(`header ${REDACTED}`);
  });

  it('are missing when unset, and when empty (how CI passes an unset secret)', async () => {
    expectFailure(await readSecret({ env: 'TOK' }, ctx(workdir())), 'missing', /^environment variable TOK is not set$/);
    expectFailure(await readSecret({ env: 'TOK' }, ctx(workdir(), { TOK: '' })), 'missing', /TOK is empty \(CI passes a secret that is not defined/);
  });
});

describe('file sources', () => {
  it('read relative to the inventory folder, trimming the line break', async () => {
    const dir = workdir();
    secretFile(dir, 'token', `${TOKEN}\n`);
    expect(await readSecret({ file: 'token' }, ctx(dir))).toEqual({ ok: true, value: TOKEN, warnings: [] });
    secretFile(dir, 'crlf', `  ${TOKEN}\r\n`);
    expect(await readSecret({ file: join(dir, 'crlf') }, ctx('/'))).toMatchObject({ ok: true, value: TOKEN });
    expect(redact(TOKEN)).toBe(REDACTED);
  });

  it('warn with the mode and the fix when group or others can read them', async () => {
    const dir = workdir();
    const file = secretFile(dir, 'token', TOKEN, 0o644);
    const read = await readSecret({ file: 'token' }, ctx(dir));
    expect(read).toEqual({
      ok: true,
      value: TOKEN,
      warnings: [{ class: 'file-mode', message: `${file} is accessible to group or others (mode 0644); fix: chmod 600 ${file}` }],
    });
    chmodSync(file, 0o640);
    expect(await readSecret({ file: 'token' }, ctx(dir))).toMatchObject({ warnings: [{ message: expect.stringContaining('mode 0640') }] });
  });

  it('are missing when absent or empty', async () => {
    const dir = workdir();
    expectFailure(await readSecret({ file: 'nope' }, ctx(dir)), 'missing', new RegExp(`^file ${join(dir, 'nope')} does not exist$`));
    secretFile(dir, 'empty', ' \n');
    expectFailure(await readSecret({ file: 'empty' }, ctx(dir)), 'missing', /empty$/);
  });

  it('are an error when unreadable, a folder, or more than the secret', async () => {
    const dir = workdir();
    mkdirSync(join(dir, 'folder'));
    expectFailure(await readSecret({ file: 'folder' }, ctx(dir)), 'error', /folder is a directory, not a regular file/);
    secretFile(dir, 'dotenv', `A=1\nTOKEN=${TOKEN}\n`);
    expectFailure(await readSecret({ file: 'dotenv' }, ctx(dir)), 'error', /holds 2 lines; .*use \{ envFile, key \}/);
  });

  it.skipIf(process.getuid?.() === 0)('are an error when permission is denied', async () => {
    const dir = workdir();
    secretFile(dir, 'locked', TOKEN, 0o000);
    expectFailure(await readSecret({ file: 'locked' }, ctx(dir)), 'error', /\(EACCES\)$/);
  });
});

describe('envFile sources', () => {
  it('read one key of a shell-style file', async () => {
    const dir = workdir();
    secretFile(dir, '.env', `# ops\nexport OTHER=1\nTOK="${TOKEN}" # the bot token\n`);
    expect(await readSecret({ envFile: '.env', key: 'TOK' }, ctx(dir))).toEqual({ ok: true, value: TOKEN, warnings: [] });
    expect(redact(TOKEN)).toBe(REDACTED);
  });

  it('are missing when the key is absent or empty, or the file is absent', async () => {
    const dir = workdir();
    secretFile(dir, '.env', 'A=1\nTOK=\n');
    expectFailure(await readSecret({ envFile: '.env', key: 'B' }, ctx(dir)), 'missing', /^key B is not set in .*\.env$/);
    expectFailure(await readSecret({ envFile: '.env', key: 'TOK' }, ctx(dir)), 'missing', /^key TOK is empty in .*\.env$/);
    expectFailure(await readSecret({ envFile: 'absent.env', key: 'TOK' }, ctx(dir)), 'missing', /does not exist$/);
  });

  it('report a syntax error as file:line without quoting the line', async () => {
    const dir = workdir();
    const file = secretFile(dir, '.env', `A=1\nTOK=${TOKEN} oops\n`);
    expectFailure(await readSecret({ envFile: '.env', key: 'TOK' }, ctx(dir)), 'error', new RegExp(`^${file}:2: unexpected text after the value of TOK`));
  });

  it('warn about a loose file mode', async () => {
    const dir = workdir();
    secretFile(dir, '.env', `TOK=${TOKEN}\n`, 0o604);
    const read = await readSecret({ envFile: '.env', key: 'TOK' }, ctx(dir));
    expect(read).toMatchObject({ ok: true, warnings: [{ class: 'file-mode', message: expect.stringContaining('(mode 0604); fix: chmod 600') }] });
  });
});

describe('command sources', () => {
  it('run without a shell, in the inventory folder, with the given environment and stdin closed', async () => {
    const dir = workdir();
    const script = "let n=0;process.stdin.on('data',d=>n+=d.length).on('end',()=>console.log([process.cwd(),process.env.FOO,n,'$HOME'].join('|')))";
    const read = await readSecret({ command: [NODE, '-e', script] }, ctx(dir, { FOO: 'from-env' }));
    expect(read).toEqual({ ok: true, value: `${dir}|from-env|0|$HOME`, warnings: [] });
  });

  it('trim the output and register it', async () => {
    const read = await readSecret({ command: [NODE, '-e', `console.log('  ${TOKEN}  ')`] }, ctx(workdir()));
    expect(read).toMatchObject({ ok: true, value: TOKEN });
    expect(redact(TOKEN)).toBe(REDACTED);
  });

  it('report a non-zero exit with its code and the byte count of stderr, never its text nor stdout (item 8)', async () => {
    const script = `console.log('${TOKEN}'); console.error('vault: sealed, OTHER_SECRET_d41d8cd98f'); process.exit(3)`;
    const read = await readSecret({ command: [NODE, '-e', script] }, ctx(workdir()));
    expectFailure(read, 'error', /^command .*node exited with code 3 and wrote 39 bytes to stderr \(not shown: it may hold other secrets\)$/);
    if (read.ok) return;
    expect(read.message).not.toContain('OTHER_SECRET');
    expect(read.message).not.toContain('sealed');
    expect(read.remedy).toMatch(/run the source's command \(.*node with the arguments in the inventory\) by hand where credcanary runs to see its message/);
    const quiet = await readSecret({ command: [NODE, '-e', 'process.exit(1)'] }, ctx(workdir()));
    expectFailure(quiet, 'error', /exited with code 1 and wrote nothing to stderr$/);
  });

  it('are missing when they print nothing, and an error when they print several lines', async () => {
    expectFailure(await readSecret({ command: [NODE, '-e', ''] }, ctx(workdir())), 'missing', /^the output of command .*node is empty$/);
    const read = await readSecret({ command: [NODE, '-e', `console.log('${TOKEN}\\nuser: bot')`] }, ctx(workdir()));
    expectFailure(read, 'error', /holds 2 lines/);
  });

  it('are an error when the program does not exist', async () => {
    const dir = workdir();
    expectFailure(await readSecret({ command: ['no-such-program-cc'] }, ctx(dir)), 'error', /^command no-such-program-cc was not found/);
  });

  it('are killed, with everything they started, at the timeout', async () => {
    const dir = workdir();
    const started = Date.now();
    // The shell starts a child that would keep stdout open; killing only the shell would not end the read.
    const read = await readSecret({ command: ['sh', '-c', 'sleep 30 & echo $! > child.pid; wait'] }, ctx(dir, {}, 400));
    const elapsed = Date.now() - started;
    expectFailure(read, 'error', /^command sh did not finish within 400 ms and was killed$/);
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(3000);
    const pid = Number(readFileSync(join(dir, 'child.pid'), 'utf8'));
    let alive = isRunning(pid);
    for (let i = 0; i < 50 && alive; i++) {
      await new Promise((r) => setTimeout(r, 20));
      alive = isRunning(pid);
    }
    expect(alive).toBe(false);
  });
});

describe('env sources look up own variables only (item 13)', () => {
  it('`constructor` and `__proto__` are missing, not Object.prototype\'s', async () => {
    for (const name of ['constructor', '__proto__', 'toString']) {
      expectFailure(await readSecret({ env: name }, ctx(workdir())), 'missing', new RegExp(`^environment variable ${name} is not set$`));
    }
  });
});

describe('values an HTTP header cannot carry as stored (item 7)', () => {
  it.each([
    ['leading or trailing whitespace', ` ${TOKEN} `, /has leading or trailing whitespace/],
    ['a trailing line break', `${TOKEN}\n`, /contains a line break/],
    ['a NUL character', `${TOKEN}\0x`, /contains a NUL character/],
    ['a character above U+00FF', `${TOKEN}→`, /contains a character an HTTP header cannot carry \(above U\+00FF\)/],
  ])('an env value with %s is malformed, with a clear text, and every form is registered', async (_what, value, why) => {
    const read = await readSecret({ env: 'T' }, ctx(workdir(), { T: value }));
    expect(read).toMatchObject({ ok: false, reason: 'malformed' });
    if (read.ok) return;
    expect(read.message).toMatch(new RegExp(`^the value of environment variable T cannot be sent as a token: it ${why.source}`));
    expect(read.remedy).toContain('without surrounding whitespace');
    expect(read.message + read.remedy).not.toContain(TOKEN);
    // What fetch would really send (the trimmed value) is scrubbed too.
    expect(redact(`sent ${value.trim()} and ${value}`)).not.toContain(TOKEN);
  });

  it('a quoted env-file value with spaces inside the quotes is malformed too', async () => {
    const dir = workdir();
    try {
      secretFile(dir, 'ops.env', `TOKEN=" ${TOKEN}"\n`);
      expect(await readSecret({ envFile: 'ops.env', key: 'TOKEN' }, ctx(dir))).toMatchObject({ ok: false, reason: 'malformed' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('file sources accept only regular files up to 64 KiB (item 12)', () => {
  it('a FIFO is refused at once, not waited on', async () => {
    const dir = workdir();
    try {
      execFileSync('mkfifo', [join(dir, 'pipe')]);
      expectFailure(await readSecret({ file: 'pipe' }, ctx(dir, {}, 60_000)), 'error', /pipe is a FIFO \(named pipe\), not a regular file/);
      expectFailure(await readSecret({ envFile: 'pipe', key: 'K' }, ctx(dir, {}, 60_000)), 'error', /not a regular file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a device is refused', async () => {
    expectFailure(await readSecret({ file: '/dev/zero' }, ctx(workdir(), {}, 60_000)), 'error', /^\/dev\/zero is a device, not a regular file/);
  });

  it('a file over 64 KiB is refused without being read', async () => {
    const dir = workdir();
    try {
      secretFile(dir, 'big', `${TOKEN}\n${'x'.repeat(64 * 1024)}`);
      expectFailure(await readSecret({ file: 'big' }, ctx(dir)), 'error', /is 65\d\d\d bytes, over the 65536-byte limit/);
      secretFile(dir, 'fits', `${TOKEN}\n`);
      expect(await readSecret({ file: 'fits' }, ctx(dir))).toMatchObject({ ok: true, value: TOKEN });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
