import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseInventory } from '../inventory/load.js';
import { scan } from './scanner.js';

let root: string;
const put = async (path: string, text: string): Promise<void> => {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), text);
};

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'credcanary-scan-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const MIRROR = `on:
  schedule:
    - cron: "17 */6 * * *"
  workflow_dispatch:
jobs:
  sync:
    runs-on: ubuntu-latest
    env:
      AUTO_SYNC_TOKEN: \${{ secrets.AUTO_SYNC_TOKEN }}
    steps:
      - uses: actions/checkout@v4
        with:
          token: \${{ secrets.CHECKOUT_PAT }}
      - run: |
          echo start
          git push "https://bot:$AUTO_SYNC_TOKEN@git.example.com/acme/core.git" staging
`;

describe('discovery', () => {
  it('notes that .gitea/workflows hides .github/workflows from Gitea (and Forgejo)', async () => {
    await put('.gitea/workflows/a.yml', MIRROR);
    await put('.github/workflows/b.yml', MIRROR);
    await put('.forgejo/workflows/c.yml', MIRROR);
    const r = await scan({ root });
    const by = new Map(r.consumers.map((c) => [c.path, c]));
    expect(by.get('.forgejo/workflows/c.yml')?.forges).toEqual(['forgejo']);
    expect(by.get('.gitea/workflows/a.yml')?.forges).toEqual(['gitea']);
    expect(by.get('.github/workflows/b.yml')?.forges).toEqual(['github']);
    expect(by.get('.github/workflows/b.yml')?.notes.join(' ')).toContain('Gitea ignores .github/workflows');
  });

  it('reads triggers with crons, jobs, steps and every secret with file:line and route', async () => {
    await put('.github/workflows/m.yml', MIRROR);
    const [c] = (await scan({ root })).consumers;
    expect(c?.forges).toEqual(['github', 'gitea', 'forgejo']);
    expect(c?.triggers).toEqual([
      { event: 'schedule', cron: '17 */6 * * *', line: 3, column: 13 },
      { event: 'workflow_dispatch', line: 4, column: 3 },
    ]);
    expect(c?.jobs[0]).toMatchObject({ id: 'sync', steps: [{ uses: 'actions/checkout@v4' }, { uses: null }] });
    expect(c?.secrets.map((s) => [s.name, s.line, s.via, s.through ?? null])).toEqual([
      ['AUTO_SYNC_TOKEN', 9, 'expression', null],
      ['CHECKOUT_PAT', 13, 'expression', null],
      ['AUTO_SYNC_TOKEN', 16, 'env', 'AUTO_SYNC_TOKEN'],
    ]);
  });

  it('finds secrets: inherit, toJSON(secrets), composite actions and reusable workflows', async () => {
    await put('.github/workflows/call.yml', 'on: push\njobs:\n  pre:\n    uses: ./.github/workflows/lib.yml\n    with: { x: 1 }\n  a:\n    uses: ./.github/workflows/lib.yml\n    secrets: inherit\n  b:\n    runs-on: x\n    steps:\n      - run: echo \'${{ toJSON(secrets) }}\' > s.json\n');
    await put('.github/workflows/lib.yml', 'on:\n  workflow_call:\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ secrets.DEPLOY_KEY }}\n');
    await put('tools/act/action.yml', 'name: x\nruns:\n  using: composite\n  steps:\n    - shell: bash\n      env:\n        T: ${{ inputs.token }}\n      run: |\n        curl -H "Authorization: token $T" https://h/api\n');
    const r = await scan({ root });
    const by = new Map(r.consumers.map((c) => [c.path, c]));
    expect(by.get('.github/workflows/call.yml')?.secrets.map((s) => `${s.name}/${s.via}/${s.through ?? ''}`)).toEqual([
      '*/inherit/',
      'DEPLOY_KEY/inherit/.github/workflows/lib.yml',
      '*/toJSON/',
    ]);
    expect(by.get('.github/workflows/lib.yml')?.kind).toBe('reusable-workflow');
    expect(by.get('tools/act/action.yml')?.kind).toBe('composite-action');
  });

  it('reads .gitlab-ci.yml and its local include, with credential-like variables', async () => {
    await put('.gitlab-ci.yml', 'include:\n  - local: ci/deploy.yml\nvariables:\n  APP: web\nbuild:\n  script:\n    - echo $APP $CI_COMMIT_SHA\n');
    await put('ci/deploy.yml', 'deploy:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == "schedule"\n  script:\n    - \'curl -f -H "PRIVATE-TOKEN: $DEPLOY_TOKEN" https://gitlab.example.com/api/v4/projects\'\n');
    const r = await scan({ root });
    const by = new Map(r.consumers.map((c) => [c.path, c]));
    expect(by.get('.gitlab-ci.yml')?.includes).toEqual(['ci/deploy.yml']);
    expect(by.get('ci/deploy.yml')?.secrets.map((s) => [s.name, s.line])).toEqual([['DEPLOY_TOKEN', 5]]);
    expect(by.get('ci/deploy.yml')?.triggers.map((t) => t.event)).toContain('schedule');
    expect(by.get('.gitlab-ci.yml')?.secrets).toEqual([]);
  });

  it('pairs a systemd timer with its service and resolves EnvironmentFile= and sourced env files in the tree', async () => {
    await put('ops/systemd/backup.timer', '[Timer]\nOnCalendar=*-*-* 03:00:00\nUnit=backup.service\n');
    await put('ops/systemd/backup.service', '[Service]\nEnvironmentFile=-/opt/stack/ops/backup.env\nExecStart=/opt/stack/ops/backup.sh\n');
    await put('ops/backup.env', 'BACKUP_TOKEN=not-a-real-value\nBUCKET=x\n');
    await put('ops/backup.sh', '#!/bin/sh\n. "$(dirname "$0")/backup.env"\ncurl -f -H "Authorization: Bearer $BACKUP_TOKEN" https://h/api\n');
    const r = await scan({ root });
    const by = new Map(r.consumers.map((c) => [c.path, c]));
    const service = by.get('ops/systemd/backup.service');
    expect(service?.triggers).toEqual([{ event: 'timer:ops/systemd/backup.timer', cron: 'OnCalendar=*-*-* 03:00:00', line: 2, column: 12 }]);
    expect(service?.includes).toEqual(['ops/systemd/backup.timer', 'ops/backup.sh']);
    expect(service?.envFiles[0]).toMatchObject({ path: '/opt/stack/ops/backup.env', resolved: 'ops/backup.env', keys: ['BACKUP_TOKEN', 'BUCKET'] });
    expect(service?.secrets).toEqual([{ name: 'BACKUP_TOKEN', via: 'env-file', through: 'ops/backup.env', line: 2, column: 17 }]);
    const script = by.get('ops/backup.sh');
    expect(script?.envFiles[0]?.resolved).toBe('ops/backup.env');
    expect(script?.secrets.map((s) => `${s.name}/${s.via}/${s.line}`)).toEqual(['BACKUP_TOKEN/env-file/2', 'BACKUP_TOKEN/variable/3']);
    // No value from the env file is ever copied into the result.
    expect(JSON.stringify(r)).not.toContain('not-a-real-value');
  });

  it('a service started by a timer reads what its ExecStart script reads; an env file outside the tree is said to be unknown', async () => {
    await put('deploy/systemd/sync.service', '[Service]\nType=oneshot\nEnvironmentFile=/etc/ops/sync.env\nExecStart=/opt/ops/bin/sync.sh\n');
    await put('deploy/systemd/sync.timer', '[Timer]\nOnCalendar=*-*-* 03:17:00\n');
    await put('bin/sync.sh', '#!/bin/sh\nset -eu\ncurl -fsS -H "Authorization: token $SYNC_TOKEN" https://git.example.com/api/v1/user\n');
    const r = await scan({ root });
    const service = r.consumers.find((c) => c.path === 'deploy/systemd/sync.service');
    expect(service?.triggers.map((t) => t.cron)).toEqual(['OnCalendar=*-*-* 03:17:00']);
    // At the ExecStart line, through the script.
    expect(service?.secrets).toEqual([{ name: 'SYNC_TOKEN', via: 'variable', through: 'bin/sync.sh', line: 4, column: 11 }]);
    expect(service?.envFiles[0]).toMatchObject({ path: '/etc/ops/sync.env', resolved: null });
    expect(service?.notes).toEqual(['env file /etc/ops/sync.env is not in the scanned tree, so the secrets it sets are unknown']);
  });

  it('a crontab line that reads a token from a file (TOKEN=$(cat FILE) job) consumes it, and so does the script it starts', async () => {
    await put('deploy/cron.d/ops', '17 */6 * * * ops TOKEN=$(cat /etc/ops/token) /opt/ops/bin/mirror.sh\n30 2 * * * ops DEPLOY_KEY="$(< /etc/ops/deploy)" LOG=1 /usr/local/bin/other\n');
    await put('bin/mirror.sh', '#!/bin/sh\ngit -c http.extraHeader="Authorization: token $MIRROR_TOKEN" fetch origin\n');
    const r = await scan({ root });
    const cron = r.consumers.find((c) => c.path === 'deploy/cron.d/ops');
    expect(cron?.secrets.map((s) => `${s.name} ${s.via} ${s.through ?? '-'} ${s.line}:${s.column}`)).toEqual([
      'TOKEN variable /etc/ops/token 1:18',
      'MIRROR_TOKEN variable bin/mirror.sh 1:46',
      'DEPLOY_KEY variable /etc/ops/deploy 2:16',
    ]);
    expect(cron?.includes).toEqual(['bin/mirror.sh']);
  });

  it('reads crontab and cron.d lines (user column), with the command position', async () => {
    await put('deploy/crontab', 'MAILTO=ops@example.com\n# comment\n*/5 * * * * /opt/app/sync.sh >> /var/log/sync.log 2>&1\n@daily /opt/app/daily.sh\n');
    await put('etc/cron.d/backup', '17 3 * * * root . /etc/backup.env && /opt/backup.sh\n');
    const r = await scan({ root });
    const by = new Map(r.consumers.map((c) => [c.path, c]));
    expect(by.get('deploy/crontab')?.triggers.map((t) => t.cron)).toEqual(['*/5 * * * *', '@daily']);
    expect(by.get('deploy/crontab')?.jobs[0]?.steps[0]).toMatchObject({ line: 3, column: 13 });
    expect(by.get('etc/cron.d/backup')?.envFiles[0]).toMatchObject({ path: '/etc/backup.env', line: 1, column: 19 });
  });

  it('reports a file that does not parse with file:line:column, keeps going, and marks it as an error', async () => {
    await put('.github/workflows/bad.yml', 'on: push\njobs:\n  a: [\n');
    await put('.github/workflows/good.yml', MIRROR);
    const r = await scan({ root });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ file: '.github/workflows/bad.yml' });
    expect(r.diagnostics[0]?.line).toBeGreaterThanOrEqual(3);
    expect(r.files.find((f) => f.path === '.github/workflows/bad.yml')?.status).toBe('error');
    expect(r.consumers.map((c) => c.path)).toEqual(['.github/workflows/good.yml']);
  });

  it('scans only the explicit paths given, and sniffs unrecognised files by content', async () => {
    await put('.github/workflows/m.yml', MIRROR);
    await put('elsewhere/pipeline.yaml', MIRROR);
    await put('bin/rotate', '#!/usr/bin/env bash\ncurl -H "Authorization: token $ROTATE_TOKEN" https://h/api\n');
    const r = await scan({ root, paths: [join(root, 'elsewhere/pipeline.yaml'), join(root, 'bin')] });
    expect(r.consumers.map((c) => `${c.path}:${c.kind}`)).toEqual(['bin/rotate:script', 'elsewhere/pipeline.yaml:workflow']);
  });
});

describe('suppression', () => {
  it('silences a finding with an inline reason, keeps it (and says so) without a reason', async () => {
    await put('ops/a.sh', '#!/bin/sh\n# credcanary: ignore[curl-no-fail] the webhook answers 200 whatever happens\ncurl -H "Authorization: token $A_TOKEN" https://h/a\ncurl -H "Authorization: token $B_TOKEN" https://h/b # credcanary: ignore[curl-no-fail]\n');
    const r = await scan({ root });
    expect(r.suppressed).toEqual([expect.objectContaining({ line: 3, by: 'inline', reason: 'the webhook answers 200 whatever happens' })]);
    expect(r.findings.map((f) => f.line)).toEqual([4]);
    expect(r.diagnostics[0]?.message).toContain('needs a reason');
  });

  it('silences findings the inventory allowlist names by rule and path glob', async () => {
    await put('.github/workflows/m.yml', MIRROR);
    await put('ops/a.sh', '#!/bin/sh\ncurl -H "Authorization: token $A_TOKEN" https://h/a\n');
    const inventory = parseInventory(
      'version: 1\nforges: {}\nscan:\n  allow:\n    - { rule: curl-no-fail, path: "ops/**", reason: "legacy scripts, tracked in OPS-12" }\n',
      join(root, 'credcanary.yaml'),
    );
    const r = await scan({ root, inventory });
    expect(r.suppressed.map((s) => `${s.rule}:${s.by}:${s.reason}`)).toEqual(['curl-no-fail:config:legacy scripts, tracked in OPS-12']);
    expect(r.findings.map((f) => f.rule)).toEqual(['token-in-url']);
  });
});

describe('against the inventory', () => {
  it('lists undeclared and unused secrets, human personas and heartbeat seeds', async () => {
    await put('.github/workflows/m.yml', MIRROR);
    const inventory = parseInventory(
      `version: 1
forges:
  core: { type: gitea, url: "https://git.example.com" }
personas:
  founder: { kind: human }
  bot: { kind: bot }
credentials:
  AUTO_SYNC_TOKEN: { forge: core, source: { env: AUTO_SYNC_TOKEN }, persona: founder, scopes: [] }
  OLD_TOKEN: { forge: core, source: { env: OLD_TOKEN }, persona: bot, scopes: [] }
`,
      join(root, 'credcanary.yaml'),
    );
    const r = await scan({ root, inventory });
    expect(r.inventory).toMatchObject({
      undeclared: [{ name: 'CHECKOUT_PAT', consumers: ['.github/workflows/m.yml'] }],
      unused: ['OLD_TOKEN'],
      humanPersona: [{ consumer: '.github/workflows/m.yml', credential: 'AUTO_SYNC_TOKEN', persona: 'founder' }],
      heartbeatSeeds: [{ consumer: '.github/workflows/m.yml', schedule: '17 */6 * * *', declared: false }],
    });
    // scan.ignoreSecrets marks a secret as "not a forge token": no longer undeclared (names compare case-insensitively).
    const ignoring = parseInventory(
      `version: 1
forges: { core: { type: gitea, url: "https://git.example.com" } }
scan: { ignoreSecrets: [checkout_pat] }
`,
      join(root, 'credcanary.yaml'),
    );
    const quiet = await scan({ root, inventory: ignoring });
    expect(quiet.inventory?.undeclared.map((u) => u.name)).toEqual(['AUTO_SYNC_TOKEN']);
  });
});
