// Runs the real git client the way credcanary's git probe does: credentials sent up front through
// environment-provided config (never in argv or the URL), prompts and credential helpers disabled, hard timeout.
// Used by the simulator's own tests and available to other tests that drive git against the simulator.

import { execFile } from 'node:child_process';

/** Exit code and output of one git run. */
export interface GitRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options for `runGit`. */
export interface GitRunOptions {
  cwd?: string;
  /** Full Authorization header value, e.g. `Basic …` or `token …`; sent with every request via http.extraHeader. */
  authorization?: string;
  timeoutMs?: number;
}

/** The `Basic …` header value for a username and password (or PAT). */
export function basicHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Runs `git args…` with a clean environment; never throws for a non-zero exit. */
export function runGit(args: string[], options: GitRunOptions = {}): Promise<GitRun> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  const config: [string, string][] = [
    ['credential.helper', ''],
    ['core.askPass', ''],
    ['user.name', 'credcanary test'],
    ['user.email', 'test@credcanary.invalid'],
    ['init.defaultBranch', 'main'],
  ];
  if (options.authorization !== undefined) config.push(['http.extraHeader', `Authorization: ${options.authorization}`]);
  Object.assign(env, {
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_COUNT: String(config.length),
  });
  config.forEach(([k, v], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = k;
    env[`GIT_CONFIG_VALUE_${i}`] = v;
  });
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      { cwd: options.cwd, env, timeout: options.timeoutMs ?? 20_000, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 128) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
