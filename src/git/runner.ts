import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Limiter } from '../http/limiter.js';
import { trackChildGroup, trackTempFolder } from '../io/children.js';
import { basicAuthorization, redact } from '../secrets/redact.js';
import { writeProbeRepository } from './probe-repo.js';

/** Credentials for git's HTTPS path, sent up front as a Basic header (never in argv or the URL). */
export interface GitCredential {
  username: string;
  password: string;
}

/** What one `git push --dry-run` did. */
export interface GitPushResult {
  /** Exit code; null when killed. */
  exitCode: number | null;
  timedOut: boolean;
  /** git's stderr, with every registered secret scrubbed (a server may echo what git sent). */
  stderr: string;
  durationMs: number;
}

/** Runs the real git client for probes; one per check run, disposed at its end. */
export interface GitRunner {
  /** Pushes a throwaway commit with --dry-run to a probe ref: proves the HTTPS push path, transmits no pack. */
  pushDryRun(url: string, credential: GitCredential | null): Promise<GitPushResult>;
  /** Removes the temp repository. Safe to call twice. */
  dispose(): Promise<void>;
}

/** Options for the git runner. */
export interface GitRunnerOptions {
  timeoutMs: number;
  limiter: Limiter;
  gitBinary?: string;
}

/**
 * The environment git runs with: nothing inherited that could change auth (no user or system config,
 * no credential helpers, no prompts), and the credential as environment-provided config
 * (GIT_CONFIG_COUNT/KEY/VALUE) so it never appears in a process argument list.
 */
export function gitEnvironment(home: string, credential: GitCredential | null): NodeJS.ProcessEnv {
  const config: Array<[string, string]> = [
    // An empty value resets the helper list: no stored credential can stand in for the probed one.
    ['credential.helper', ''],
    ['core.askPass', ''],
    ['http.followRedirects', 'false'],
  ];
  if (credential) {
    // Sent on every request, so git cannot fall back to anonymous (it would otherwise only send credentials after a 401).
    // basicAuthorization registers the base64 pair: a forge error echoing the header is scrubbed like the token.
    config.push(['http.extraHeader', `Authorization: ${basicAuthorization(credential.username, credential.password)}`]);
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: home,
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: 'credcanary',
    GIT_AUTHOR_EMAIL: 'credcanary@localhost',
    GIT_COMMITTER_NAME: 'credcanary',
    GIT_COMMITTER_EMAIL: 'credcanary@localhost',
    GIT_CONFIG_COUNT: String(config.length),
  };
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

interface RunResult {
  exitCode: number | null;
  timedOut: boolean;
  stderr: string;
}

function runGit(git: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    // Own process group, so a timeout kills git-remote-https too, not only the git front end.
    const child = spawn(git, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    // Killed with the run if it is interrupted (its environment holds the Basic header).
    const untrack = trackChildGroup(child.pid);
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 16_384) stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    const finish = (exitCode: number | null): void => {
      clearTimeout(timer);
      untrack();
      // Scrubbed here, before any judge cuts a line short: a server can echo the Basic header (or the
      // token) into git's stderr, and a truncated echo would no longer match the scrubber.
      resolve({ exitCode, timedOut, stderr: redact(stderr) });
    };
    child.on('error', (err) => {
      stderr += String(err.message);
      finish(null);
    });
    child.on('close', (code) => finish(timedOut ? null : code));
  });
}

/** Creates the runner; the temp repository is made on first use and shared by every probe of the run. */
export function createGitRunner(options: GitRunnerOptions): GitRunner {
  const git = options.gitBinary ?? 'git';
  let repo: Promise<string> | null = null;
  let disposed = false;
  const cleanups: Array<() => void> = [];

  const prepare = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'credcanary-git-'));
    // If the run is interrupted (a signal, or an exit before dispose), the temp repository must not outlive it.
    cleanups.push(trackTempFolder(dir));
    try {
      await writeProbeRepository(join(dir, 'repo.git'));
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`could not prepare the git probe repository: ${err instanceof Error ? err.message : String(err)}`);
    }
    return dir;
  };


  return {
    async pushDryRun(url, credential) {
      repo ??= prepare();
      const dir = await repo;
      const ref = `refs/credcanary/probe-${randomBytes(6).toString('hex')}`;
      return options.limiter.run(async () => {
        const started = performance.now();
        const r = await runGit(
          git,
          ['--git-dir', 'repo.git', 'push', '--dry-run', '--porcelain', '--no-verify', url, `HEAD:${ref}`],
          dir,
          gitEnvironment(dir, credential),
          options.timeoutMs,
        );
        return { ...r, durationMs: Math.round(performance.now() - started) };
      });
    },
    async dispose() {
      if (disposed || !repo) return;
      disposed = true;
      const dir = await repo.catch(() => null);
      if (dir) await rm(dir, { recursive: true, force: true });
      for (const c of cleanups) c();
    },
  };
}
