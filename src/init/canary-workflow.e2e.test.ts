import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startForgeSim, type ForgeSim } from '../sim/index.js';
import { renderWorkflow, type ActionsStep as Step, type WorkflowForge } from './workflow.js';

// The generated canary job, run for real: its `run:` steps are executed with bash, in order, with the
// Actions semantics that matter here (secrets mapped through `env:`, an unset secret as "", a step's
// GITHUB_OUTPUT, `if: steps.gate.outputs.present == 'true'`, stop at the first failing step), against
// the loopback forge simulator. `npx credcanary@VERSION` is replaced by the freshly built CLI.

const BIN = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const JUNK = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
let sim: ForgeSim;
let token: string;
let workspace: string;

interface JobResult {
  code: number;
  log: string;
  ran: string[];
  skipped: string[];
}

/** Runs bash without blocking the event loop: the simulator answers from this same process. */
function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 99, output });
    });
  });
}

/** Runs the job's steps like an Actions runner would, as far as this workflow needs. */
async function runJob(forge: WorkflowForge, runnerEnv: Record<string, string>, secrets: Record<string, string>): Promise<JobResult> {
  const doc = parse(renderWorkflow({ forge, credentials: ['AUTO_SYNC_TOKEN'], cron: '17 3-23/6 * * *', version: '9.9.9' })) as {
    jobs: { canary: { steps: Step[] } };
  };
  const outputs = new Map<string, Record<string, string>>();
  const result: JobResult = { code: 0, log: '', ran: [], skipped: [] };
  for (const [i, step] of doc.jobs.canary.steps.entries()) {
    const label = step.id ?? step.name ?? `step ${i}`;
    if (step.uses !== undefined) continue; // checkout and setup-node: the workspace and node are already here
    if (result.code !== 0 || (step.if !== undefined && !evaluateIf(step.if, outputs))) {
      result.skipped.push(label);
      continue;
    }
    const outputFile = join(workspace, `output-${i}`);
    writeFileSync(outputFile, '');
    const env: Record<string, string> = { ...runnerEnv, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: join(workspace, `summary-${i}`) };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = substituteSecrets(v, secrets);
    const script = (step.run ?? '').replace(/npx --yes credcanary@9\.9\.9/g, `'${process.execPath}' '${BIN}'`);
    expect(script).not.toContain('npx');
    const r = await bash(script, workspace, env);
    result.ran.push(label);
    result.log += r.output;
    if (step.id) outputs.set(step.id, parseOutputs(readFileSync(outputFile, 'utf8')));
    result.code = r.code;
  }
  return result;
}

function substituteSecrets(value: string, secrets: Record<string, string>): string {
  return value.replace(/\$\{\{\s*secrets\.([A-Za-z0-9_]+)\s*\}\}/g, (_, name: string) => secrets[name] ?? '');
}

/** The only condition the generated workflow uses; anything else is a test failure, not a guess. */
function evaluateIf(expr: string, outputs: Map<string, Record<string, string>>): boolean {
  const m = /^steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+) == '([^']*)'$/.exec(expr.trim());
  if (!m) throw new Error(`unsupported if: ${expr}`);
  return outputs.get(m[1] ?? '')?.[m[2] ?? ''] === m[3];
}

function parseOutputs(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

function runner(forge: WorkflowForge, event: string, eventPath?: string): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: workspace,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event,
    GITHUB_REPOSITORY: 'acme/core',
    GITHUB_WORKSPACE: workspace,
  };
  if (forge === 'gitea' || forge === 'forgejo') Object.assign(env, { GITEA_ACTIONS: 'true', GITEA_ACTIONS_RUNNER_VERSION: 'v0.2.11' });
  if (forge === 'forgejo') Object.assign(env, { FORGEJO_ACTIONS: 'true', FORGEJO_EVENT_NAME: event });
  if (eventPath) env['GITHUB_EVENT_PATH'] = eventPath;
  return env;
}

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build first with npx tsc -p tsconfig.build.json`);
  sim = await startForgeSim();
  sim.addUser({ login: 'devops-bot' });
  sim.addOrg('acme');
  sim.addRepo({ owner: 'acme', name: 'core', private: true });
  sim.setCollaborator('acme/core', 'devops-bot', 'read');
  token = sim.addToken('devops-bot', { scopes: ['read:user', 'read:repository'] });
  workspace = mkdtempSync(join(tmpdir(), 'credcanary-canary-'));
  writeFileSync(
    join(workspace, 'credcanary.yaml'),
    [
      'version: 1',
      'forges:',
      '  core: { type: gitea, url: "' + sim.url + '" }',
      'personas:',
      '  devops-bot: { kind: bot }',
      'credentials:',
      '  AUTO_SYNC_TOKEN:',
      '    forge: core',
      '    source: { env: AUTO_SYNC_TOKEN }',
      '    persona: devops-bot',
      '    scopes: [read:user, read:repository]',
      '    repos:',
      '      - { repo: acme/core, access: pull }',
      'settings: { timeoutSeconds: 5, concurrency: 4, retries: 0 }',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(workspace, 'fork-pr.json'),
    JSON.stringify({
      action: 'opened',
      pull_request: {
        number: 3,
        head: { ref: 'topic', repo: { id: 77, full_name: 'mallory/core', fork: true } },
        base: { ref: 'main', repo: { id: 1, full_name: 'acme/core', fork: false } },
      },
      repository: { id: 1, full_name: 'acme/core', fork: false },
      sender: { login: 'mallory' },
    }),
  );
}, 30_000);

afterAll(async () => {
  await sim?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe.each(['gitea', 'forgejo', 'github'] as const)('the generated %s canary job against the simulator', (forge) => {
  it('valid token: gate and check pass, exit 0', async () => {
    const job = await runJob(forge, runner(forge, 'schedule'), { AUTO_SYNC_TOKEN: token });
    expect(job.ran).toEqual(['gate', 'Check - tokens are valid, the right bot, still permitted']);
    expect(job.code, job.log).toBe(0);
    expect(job.log).not.toContain(token);
  });

  it('junk token: the check fails with exit 1 and names rotation', async () => {
    const job = await runJob(forge, runner(forge, 'workflow_dispatch'), { AUTO_SYNC_TOKEN: JUNK });
    expect(job.code, job.log).toBe(1);
    expect(job.ran).toHaveLength(2);
    expect(job.log).toMatch(/Token rotation suspected/);
    expect(job.log).not.toContain(JUNK);
  });

  it('no token on a scheduled run: the gate fails with exit 1 and the check never runs', async () => {
    const job = await runJob(forge, runner(forge, 'schedule'), {});
    expect(job.code, job.log).toBe(1);
    expect(job.ran).toEqual(['gate']);
    expect(job.log).toContain('Provision AUTO_SYNC_TOKEN');
  });

  it('no token on a fork PR: the gate warns, exit 0, and the check is skipped', async () => {
    const job = await runJob(forge, runner(forge, 'pull_request', join(workspace, 'fork-pr.json')), {});
    expect(job.code, job.log).toBe(0);
    expect(job.ran).toEqual(['gate']);
    expect(job.skipped).toEqual(['Check - tokens are valid, the right bot, still permitted']);
    expect(job.log).toContain('rule fork-pr');
    expect(job.log).toContain(`runner = ${forge}`);
  });
});

describe('the generated GitLab canary job against the simulator', () => {
  /** Runs the job's `script:` lines in order, as GitLab does; CI/CD variables arrive as plain env. */
  async function runGitlabJob(pipeline: Record<string, string>, variables: Record<string, string>): Promise<JobResult & { junit: string; checkJunit: string }> {
    const doc = parse(renderWorkflow({ forge: 'gitlab', credentials: ['AUTO_SYNC_TOKEN'], cron: '17 3-23/6 * * *', version: '9.9.9' })) as {
      credcanary: { script: string[]; artifacts: { reports: { junit: string[] } } };
    };
    const [junit, checkJunit] = doc.credcanary.artifacts.reports.junit.map((f) => join(workspace, f)) as [string, string];
    rmSync(junit, { force: true });
    rmSync(checkJunit, { force: true });
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: workspace, CI: 'true', GITLAB_CI: 'true', CI_PROJECT_ID: '1', ...pipeline, ...variables };
    const result: JobResult = { code: 0, log: '', ran: [], skipped: [] };
    for (const line of doc.credcanary.script) {
      if (result.code !== 0) {
        result.skipped.push(line);
        continue;
      }
      const r = await bash(line.replace(/npx --yes credcanary@9\.9\.9/g, `'${process.execPath}' '${BIN}'`), workspace, env);
      result.ran.push(line);
      result.log += r.output;
      result.code = r.code;
    }
    const read = (f: string): string => (existsSync(f) ? readFileSync(f, 'utf8') : '');
    return { ...result, junit: read(junit), checkJunit: read(checkJunit) };
  }
  const scheduled = { CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_REF_NAME: 'main', CI_COMMIT_REF_PROTECTED: 'true' };

  it('valid token: exit 0 and a JUnit report for the pipeline', async () => {
    const job = await runGitlabJob(scheduled, { AUTO_SYNC_TOKEN: token });
    expect(job.code, job.log).toBe(0);
    expect(job.ran).toHaveLength(2);
    expect(job.junit).toContain('<testsuite name="AUTO_SYNC_TOKEN"');
    expect(job.checkJunit).toContain('<testcase name="identity"');
  });

  it('junk token: exit 1 naming rotation', async () => {
    const job = await runGitlabJob(scheduled, { AUTO_SYNC_TOKEN: JUNK });
    expect(job.code, job.log).toBe(1);
    expect(job.log).toMatch(/Token rotation suspected/);
    expect(job.log).not.toContain(JUNK);
  });

  it('no token on a protected schedule: the gate fails (exit 1) and the JUnit report says so', async () => {
    const job = await runGitlabJob(scheduled, {});
    expect(job.code, job.log).toBe(1);
    expect(job.ran).toHaveLength(1);
    expect(job.junit).toContain('<failure message="AUTO_SYNC_TOKEN is missing or empty in a trusted context');
  });
});
