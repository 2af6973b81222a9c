import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `credcanary gate` end to end: the built CLI in a child process with a controlled environment (only
// PATH and HOME are inherited, so a CI runner executing these tests cannot leak its own context in).

const BIN = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const TOKEN = 'gate-test-token-7c1e9a55d0b2';
let dir: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function gate(args: string[], env: Record<string, string>): Run {
  const r = spawnSync(process.execPath, [BIN, 'gate', ...args], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  // The planted token must never be printed, whatever the outcome.
  expect(r.stdout + r.stderr).not.toContain(TOKEN);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function prPayload(headId: number, headName: string): string {
  const repo = (id: number, full_name: string) => ({ id, full_name, name: full_name.split('/')[1], fork: false });
  return JSON.stringify({
    action: 'synchronize',
    pull_request: { number: 4, head: { ref: 'topic', repo: repo(headId, headName) }, base: { ref: 'main', repo: repo(1, 'acme/core') } },
    repository: repo(1, 'acme/core'),
    sender: { login: 'mallory' },
  });
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build first with npx tsc -p tsconfig.build.json`);
  dir = mkdtempSync(join(tmpdir(), 'credcanary-gate-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('credcanary gate (CLI)', () => {
  it('no event information at all is trusted: a missing secret exits 1 with a remedy', () => {
    const r = gate(['AUTO_SYNC_TOKEN'], {});
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('rule no-ci');
    expect(r.stdout).toContain('FAIL AUTO_SYNC_TOKEN presence (missing)');
    expect(r.stdout).toContain('Provision AUTO_SYNC_TOKEN');
  });

  it('an empty value counts as missing', () => {
    expect(gate(['AUTO_SYNC_TOKEN'], { AUTO_SYNC_TOKEN: '' }).code).toBe(1);
  });

  it('a present secret passes with a notice and is never printed', () => {
    const r = gate(['AUTO_SYNC_TOKEN', '--format', 'github'], { AUTO_SYNC_TOKEN: TOKEN });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^::notice title=credcanary gate%3A AUTO_SYNC_TOKEN::AUTO_SYNC_TOKEN is set$/m);
    // No inventory was used: the table heading names no persona or forge.
    expect(r.stdout).toMatch(/^PASS AUTO_SYNC_TOKEN · token …/m);
    expect(r.stdout).not.toContain('persona -');
  });

  it('--quiet prints nothing on pass and everything on a failure; no persona/forge placeholders', () => {
    const pass = gate(['--quiet', 'AUTO_SYNC_TOKEN'], { AUTO_SYNC_TOKEN: TOKEN });
    expect(pass.code).toBe(0);
    expect(pass.stdout + pass.stderr).toBe('');
    const fail = gate(['--quiet', 'AUTO_SYNC_TOKEN'], {});
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain('FAIL AUTO_SYNC_TOKEN presence (missing)');
    const summary = file('quiet-summary.md', '');
    const loud = gate(['AUTO_SYNC_TOKEN'], { AUTO_SYNC_TOKEN: TOKEN, GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_STEP_SUMMARY: summary });
    expect(loud.code).toBe(0);
    const text = readFileSync(summary, 'utf8');
    expect(text).toContain('AUTO\\_SYNC\\_TOKEN');
    expect(text).not.toMatch(/persona|forge -/);
  });

  it('GitHub fork PR: warning, exit 0, present=false in GITHUB_OUTPUT, decision in the step summary', () => {
    const output = file('gh-output', '');
    const summary = file('gh-summary', '');
    const r = gate(['AUTO_SYNC_TOKEN', 'OTHER_TOKEN'], {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: file('fork.json', prPayload(99, 'mallory/core')),
      GITHUB_REPOSITORY: 'acme/core',
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      OTHER_TOKEN: TOKEN,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^::warning title=credcanary%3A AUTO_SYNC_TOKEN presence \(missing\)::AUTO_SYNC_TOKEN is missing in an untrusted context/m);
    expect(r.stdout).not.toMatch(/^::error/m);
    expect(r.stdout).toContain('rule fork-pr');
    expect(r.stdout).toContain('pull_request.head.repo.id = 99');
    expect(readFileSync(output, 'utf8')).toBe('present=false\nAUTO_SYNC_TOKEN_present=false\nOTHER_TOKEN_present=true\n');
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('context untrusted (rule `fork-pr`)');
    expect(md).toContain('AUTO\\_SYNC\\_TOKEN');
    expect(md).not.toContain(TOKEN);
  });

  it('GitHub same-repo PR: ::error annotation naming secret, context and remedy, exit 1', () => {
    const output = file('gh-output-2', '');
    const r = gate(['AUTO_SYNC_TOKEN'], {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: file('same.json', prPayload(1, 'acme/core')),
      GITHUB_REPOSITORY: 'acme/core',
      GITHUB_OUTPUT: output,
    });
    expect(r.code).toBe(1);
    const error = r.stdout.split('\n').find((l) => l.startsWith('::error '));
    expect(error).toContain('AUTO_SYNC_TOKEN is missing or empty in a trusted context (github event "pull_request" in acme/core, rule same-repo-pr)');
    expect(error).toContain('Provision AUTO_SYNC_TOKEN');
    expect(readFileSync(output, 'utf8')).toBe('present=false\nAUTO_SYNC_TOKEN_present=false\n');
  });

  it('a pull_request whose payload is garbled fails closed', () => {
    const r = gate(['AUTO_SYNC_TOKEN'], {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: file('garbled.json', '{"pull_request": '),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('rule pr-payload-unusable');
    expect(r.stdout).toContain('is not valid JSON');
  });

  it('Gitea: a marked plain block, no workflow commands', () => {
    const r = gate(['AUTO_SYNC_TOKEN'], {
      GITHUB_ACTIONS: 'true',
      GITEA_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'schedule',
      GITHUB_REPOSITORY: 'acme/core',
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('==== credcanary: FAIL (exit 1) ====');
    expect(r.stdout).toContain('under the repository\'s or organisation\'s Settings → Actions → Secrets');
    expect(r.stdout).not.toMatch(/^::/m);
  });

  it('Forgejo fork PR read from FORGEJO_* variables: exit 0', () => {
    const output = file('fj-output', '');
    const r = gate(['AUTO_SYNC_TOKEN'], {
      FORGEJO_ACTIONS: 'true',
      GITEA_ACTIONS: 'true',
      GITHUB_ACTIONS: 'true',
      FORGEJO_EVENT_NAME: 'pull_request',
      FORGEJO_EVENT_PATH: file('fj.json', prPayload(7, 'mallory/core')),
      GITHUB_OUTPUT: output,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('==== credcanary: WARN (exit 0) ====');
    expect(readFileSync(output, 'utf8')).toContain('present=false');
  });

  it('GitLab fork MR: plain text and a JUnit file, exit 0; protected schedule: exit 1', () => {
    const junit = join(dir, 'gate.xml');
    const gl = { GITLAB_CI: 'true', CI: 'true', CI_PROJECT_ID: '5' };
    const fork = gate(['AUTO_SYNC_TOKEN', '--junit', junit], {
      ...gl,
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_PROJECT_ID: '5',
      CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '6',
    });
    expect(fork.code).toBe(0);
    expect(fork.stdout).toContain('rule gitlab-fork-mr');
    // The decision's evidence folds into a collapsed job-log section; the headline stays visible.
    expect(fork.stdout).toMatch(/^\x1b\[0Ksection_start:\d+:credcanary_gate\[collapsed=true\]\r\x1b\[0Kcredcanary gate: context UNTRUSTED/m);
    expect(fork.stdout).toMatch(/^\x1b\[0Ksection_end:\d+:credcanary_gate\r\x1b\[0K$/m);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="AUTO_SYNC_TOKEN"');
    expect(xml).toContain('WARNING (missing)');
    const scheduled = gate(['AUTO_SYNC_TOKEN', '--junit', junit], { ...gl, CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_REF_PROTECTED: 'true' });
    expect(scheduled.code).toBe(1);
    expect(scheduled.stdout).toContain('Settings → CI/CD → Variables');
    expect(readFileSync(junit, 'utf8')).toMatch(/<failure message="AUTO_SYNC_TOKEN is missing or empty in a trusted context/);
  });

  it('Dependabot push on GitHub: secrets are withheld, exit 0', () => {
    const r = gate(['AUTO_SYNC_TOKEN'], { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_ACTOR: 'dependabot[bot]' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('rule dependabot');
  });

  it.each([
    [[], 'no secret names given'],
    [['AUTO_SYNC_TOKEN', '--format', 'xml'], 'unknown --format "xml"'],
    [['AUTO-SYNC'], 'not an environment variable name: "AUTO-SYNC"'],
  ])('bad arguments %j exit 2 with a usage line', (args, message) => {
    const r = gate(args, {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('usage: credcanary gate NAME...');
    expect(r.stdout).toBe('');
  });

  it('an unknown option exits 2', () => {
    expect(gate(['AUTO_SYNC_TOKEN', '--bogus'], {}).code).toBe(2);
  });
});

describe('credcanary gate (CLI): issue 9 items 9, 14 and 17', () => {
  it('a whitespace-only secret counts as missing: exit 1 in a trusted context', () => {
    const r = gate(['AUTO_SYNC_TOKEN'], { AUTO_SYNC_TOKEN: ' \t\n ' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL AUTO_SYNC_TOKEN presence (missing)');
  });

  it('names are looked up as own environment variables only: `constructor` and `__proto__` are simply missing', () => {
    const r = gate(['constructor', '__proto__'], {});
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL constructor presence (missing)');
    expect(r.stdout).toContain('FAIL __proto__ presence (missing)');
  });

  it('a GitLab schedule is trusted on an unprotected ref too: a missing secret exits 1', () => {
    const r = gate(['AUTO_SYNC_TOKEN'], { GITLAB_CI: 'true', CI_PROJECT_ID: '5', CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_REF_NAME: 'canary', CI_COMMIT_REF_PROTECTED: 'false' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('rule gitlab-schedule');
  });

  it('a secret shorter than 32 characters shows no tail (`…` alone) and never prints, however short', () => {
    const password = 'pw-12chars-x';
    const tiny = 'q7Zk';
    const r = gate(['PASSWORD', 'TINY', '--format', 'github'], { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', PASSWORD: password, TINY: tiny, GITHUB_STEP_SUMMARY: join(dir, 'short-summary.md') });
    expect(r.code).toBe(0);
    for (const text of [r.stdout, readFileSync(join(dir, 'short-summary.md'), 'utf8')]) {
      expect(text).not.toContain(password.slice(-8));
      expect(text).not.toContain(tiny);
    }
  });

  it('an unwritable GITHUB_STEP_SUMMARY is a warning that keeps the verdict (exit 1, not 3)', () => {
    const summary = join(dir, 'no-such-dir', 'summary.md');
    const r = gate(['AUTO_SYNC_TOKEN'], { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`warning: cannot write the step summary to $GITHUB_STEP_SUMMARY (${summary})`);
  });

  it('an unwritable --junit is named as --junit', () => {
    const r = gate(['AUTO_SYNC_TOKEN', '--junit', join(dir, 'no-such-dir', 'gate.xml')], { AUTO_SYNC_TOKEN: TOKEN });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--junit');
    expect(r.stderr).not.toContain('--output');
  });
});

describe('credcanary gate (CLI): environment problems', () => {
  it('an unwritable $GITHUB_OUTPUT is a clear error, not a stack trace', () => {
    const r = gate(['AUTO_SYNC_TOKEN'], { AUTO_SYNC_TOKEN: TOKEN, GITHUB_OUTPUT: join(dir, 'no-such-dir', 'out') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot append the gate\'s outputs to $GITHUB_OUTPUT');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
