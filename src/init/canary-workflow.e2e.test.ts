import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startForgeSim, type ForgeSim } from '../sim/index.js';
import { WORKFLOW_FORGES, type ActionsStep as Step, type WorkflowForge } from './workflow.js';

// The canary job as `credcanary init workflow` writes it into a repository, run for real: its `run:`
// steps are executed with bash, in order, with the Actions semantics that matter here (secrets mapped
// through `env:`, an unset secret as "", a step's GITHUB_OUTPUT, `if: steps.gate.outputs.present ==
// 'true'`, stop at the first failing step), against the loopback forge simulator. Nothing is replaced:
// the steps run the bundle `init workflow` vendored into the repository (.credcanary/credcanary.mjs),
// with a PATH that has node, sha256sum and git but no npm or npx, in a temp folder with no
// node_modules above it — so the job can only work with the vendored file, and only if its hash matches.

const BIN = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const VENDORED = '.credcanary/credcanary.mjs';
/** bash by absolute path: the job's PATH has only the tool folder. */
const BASH = spawnSync('bash', ['-c', 'command -v bash'], { encoding: 'utf8' }).stdout.trim();
const JUNK = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
let sim: ForgeSim;
let token: string;
let root: string;
/** The repositories (one per forge, each with its credcanary.yaml and what init wrote) and the tool folder. */
/** A PATH of node, sha256sum and git only. */
let toolPath: string;

interface JobResult {
  code: number;
  log: string;
  ran: string[];
  skipped: string[];
}

/** Runs bash without blocking the event loop: the simulator answers from this same process. */
function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(BASH, ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
  const doc = parse(readFileSync(join(repoOf(forge), WRITTEN[forge]), 'utf8')) as { jobs: { canary: { steps: Step[] } } };
  const workspace = repoOf(forge);
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
    const script = step.run ?? '';
    expect(script).not.toContain('npx');
    expect(script).toContain(`node ${VENDORED} `);
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
  const workspace = repoOf(forge);
  const env: Record<string, string> = {
    PATH: toolPath,
    HOME: workspace,
    // The suite's private temp folder, so anything the job leaves there fails the run (test/global-setup.ts).
    ...(process.env['TMPDIR'] ? { TMPDIR: process.env['TMPDIR'] } : {}),
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

/** The file `init workflow --forge F` wrote in each repository (Gitea/Forgejo: a fresh repo has no workflow folder yet). */
const WRITTEN: Record<WorkflowForge, string> = {
  gitea: '.gitea/workflows/credcanary.yml',
  forgejo: '.forgejo/workflows/credcanary.yml',
  github: '.github/workflows/credcanary.yml',
  gitlab: '.gitlab-ci.yml',
};

function repoOf(forge: WorkflowForge): string {
  return join(root, forge);
}

/** Runs `credcanary init workflow` as a user would, in the forge's repository. */
function initWorkflow(forge: WorkflowForge, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, 'init', 'workflow', '--forge', forge, '--credential', 'AUTO_SYNC_TOKEN', ...args], {
    cwd: repoOf(forge),
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: repoOf(forge) },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

/** A tool folder with only what a runner image surely has and the job needs: node, sha256sum, git. */
function makeToolPath(dir: string): string {
  mkdirSync(dir);
  for (const tool of ['sha256sum', 'git']) {
    const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (!found) throw new Error(`${tool} is not installed`);
    symlinkSync(found, join(dir, tool));
  }
  symlinkSync(process.execPath, join(dir, 'node'));
  return dir;
}

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build first with npm run build`);
  sim = await startForgeSim();
  sim.addUser({ login: 'devops-bot' });
  sim.addOrg('acme');
  sim.addRepo({ owner: 'acme', name: 'core', private: true });
  sim.setCollaborator('acme/core', 'devops-bot', 'read');
  token = sim.addToken('devops-bot', { scopes: ['read:user', 'read:repository'] });
  root = mkdtempSync(join(tmpdir(), 'credcanary-canary-'));
  toolPath = makeToolPath(join(root, 'bin'));
  for (const forge of WORKFLOW_FORGES) {
    mkdirSync(repoOf(forge));
    writeFileSync(
      join(repoOf(forge), 'credcanary.yaml'),
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
      join(repoOf(forge), 'fork-pr.json'),
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
    const r = initWorkflow(forge);
    if (r.status !== 0) throw new Error(`init workflow --forge ${forge} failed (${r.status}): ${r.stderr}`);
  }
}, 60_000);

afterAll(async () => {
  await sim?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('what init workflow wrote', () => {
  it.each(WORKFLOW_FORGES)('%s: the workflow, and the bundle it pins, byte for byte the built one', (forge) => {
    const text = readFileSync(join(repoOf(forge), WRITTEN[forge]), 'utf8');
    const bundle = readFileSync(join(repoOf(forge), VENDORED));
    expect(bundle.equals(readFileSync(fileURLToPath(new URL('../../dist/credcanary.mjs', import.meta.url))))).toBe(true);
    const sha = createHash('sha256').update(bundle).digest('hex');
    expect(text).toContain(`echo "${sha}  ${VENDORED}" | sha256sum -c`);
    expect(text).not.toContain('npx');
  });
});

describe.each(['gitea', 'forgejo', 'github'] as const)('the %s canary job init workflow wrote, against the simulator', (forge) => {
  it('valid token: gate and check pass, exit 0', async () => {
    const job = await runJob(forge, runner(forge, 'schedule'), { AUTO_SYNC_TOKEN: token });
    expect(job.ran).toEqual(['gate', 'Check - tokens are valid, the right bot, still permitted']);
    expect(job.code, job.log).toBe(0);
    expect(job.log).toContain(`${VENDORED}: OK`);
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
    const job = await runJob(forge, runner(forge, 'pull_request', join(repoOf(forge), 'fork-pr.json')), {});
    expect(job.code, job.log).toBe(0);
    expect(job.ran).toEqual(['gate']);
    expect(job.skipped).toEqual(['Check - tokens are valid, the right bot, still permitted']);
    expect(job.log).toContain('rule fork-pr');
    expect(job.log).toContain(`runner = ${forge}`);
  });

  it('a vendored bundle that is not the pinned one never runs: the gate step fails, exit 1', async () => {
    const file = join(repoOf(forge), VENDORED);
    const original = readFileSync(file);
    try {
      // One appended comment: still a working program, but not the reviewed bytes.
      writeFileSync(file, Buffer.concat([original, Buffer.from('\n// changed\n')]));
      const job = await runJob(forge, runner(forge, 'schedule'), { AUTO_SYNC_TOKEN: token });
      expect(job.code, job.log).toBe(1);
      expect(job.ran).toEqual(['gate']);
      expect(job.log).toContain(`${VENDORED}: FAILED`);
      expect(job.log).toContain('is not the file this workflow pins; not running it');
      expect(job.log).not.toContain('credcanary gate: context');
    } finally {
      writeFileSync(file, original);
    }
  });
});

describe('the GitLab canary job init workflow wrote, against the simulator', () => {
  /** Runs the job's `script:` lines in order, as GitLab does; CI/CD variables arrive as plain env. */
  async function runGitlabJob(pipeline: Record<string, string>, variables: Record<string, string>): Promise<JobResult & { junit: string; checkJunit: string }> {
    const workspace = repoOf('gitlab');
    const doc = parse(readFileSync(join(workspace, WRITTEN.gitlab), 'utf8')) as {
      credcanary: { script: string[]; artifacts: { reports: { junit: string[] } } };
    };
    const [junit, checkJunit] = doc.credcanary.artifacts.reports.junit.map((f) => join(workspace, f)) as [string, string];
    rmSync(junit, { force: true });
    rmSync(checkJunit, { force: true });
    const env = { PATH: toolPath, HOME: workspace, CI: 'true', GITLAB_CI: 'true', CI_PROJECT_ID: '1', ...pipeline, ...variables };
    const result: JobResult = { code: 0, log: '', ran: [], skipped: [] };
    for (const line of doc.credcanary.script) {
      if (result.code !== 0) {
        result.skipped.push(line);
        continue;
      }
      expect(line).not.toContain('npx');
      const r = await bash(line, workspace, env);
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
    expect(job.ran).toHaveLength(3); // the hash check, gate, check
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
    expect(job.ran).toHaveLength(2);
    expect(job.junit).toContain('<failure message="AUTO_SYNC_TOKEN is missing or empty in a trusted context');
  });

  it('a vendored bundle that is not the pinned one: the first line fails and nothing else runs', async () => {
    const file = join(repoOf('gitlab'), VENDORED);
    const original = readFileSync(file);
    try {
      writeFileSync(file, Buffer.concat([original, Buffer.from('\n// changed\n')]));
      const job = await runGitlabJob(scheduled, { AUTO_SYNC_TOKEN: token });
      expect(job.code, job.log).toBe(1);
      expect(job.ran).toHaveLength(1);
      expect(job.skipped).toHaveLength(2);
      expect(job.log).toContain('is not the file this workflow pins');
    } finally {
      writeFileSync(file, original);
    }
  });
});
