import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseInventory } from '../inventory/load.js';
import { itWithCorpus } from '../testing/shared.js';
import { corpusDir, materializeCorpus } from './corpus.js';
import { inventoryYamlFromScan } from './to-inventory.js';

let root: string;
const put = async (path: string, text: string): Promise<void> => {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), text);
};

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'credcanary-toinv-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('inventoryYamlFromScan', () => {
  it('drafts credentials only for forge tokens, each on its forge, and lists the rest commented out with why', async () => {
    await put('app/.gitea/workflows/sync.yml', 'on:\n  schedule: [{ cron: "17 */6 * * *" }]\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: git push https://bot:${{ secrets.AUTO_SYNC_TOKEN }}@h/a.git\n        env: { T: "${{ secrets.GITEA_TOKEN }}" }\n');
    await put('app/.gitea/workflows/deploy.yml', 'on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n      - run: ssh -i key ${{ secrets.PI_HOST }} deploy\n        env:\n          KEY: ${{ secrets.SSH_PRIVATE_KEY }}\n          CHAT: ${{ secrets.CHANNEL_ID }}\n      - run: \'curl -fsS -H "Authorization: token ${{ secrets.MIRROR_TOKEN }}" https://api.github.com/repos/acme/core\'\n      - run: \'curl -fsS -H "PRIVATE-TOKEN: ${{ secrets.LAB_TOKEN }}" https://gitlab.com/api/v4/projects/1\'\n');
    await put('app/ops/backup.service', '[Service]\nEnvironmentFile=/opt/app/ops/backup.env\nExecStart=/opt/app/ops/backup.sh\n');
    await put('app/ops/backup.timer', '[Timer]\nOnCalendar=*-*-* 03:17:00\n');
    await put('app/ops/backup.env', 'BACKUP_API_TOKEN=x\n');
    await put('app/ops/backup.sh', '#!/bin/sh\ncurl -fsS -H "Authorization: token $BACKUP_API_TOKEN" https://git.acme.test/api/v1/repos/acme/core\n');
    const text = await inventoryYamlFromScan(join(root, 'app'));
    const loaded = parseInventory(text, join(root, 'app', 'credcanary.yaml'));
    const inv = loaded.inventory;
    expect(Object.keys(inv.credentials).sort()).toEqual(['AUTO_SYNC_TOKEN', 'BACKUP_API_TOKEN', 'LAB_TOKEN', 'MIRROR_TOKEN']);
    const forgeOf = (name: string) => inv.forges[inv.credentials[name]?.forge ?? '']!;
    expect(forgeOf('AUTO_SYNC_TOKEN')).toEqual({ type: 'gitea', url: 'https://git.example.com' });
    expect(forgeOf('BACKUP_API_TOKEN')).toEqual({ type: 'gitea', url: 'https://git.acme.test' });
    expect(forgeOf('MIRROR_TOKEN')).toEqual({ type: 'github', url: 'https://api.github.com' });
    expect(forgeOf('LAB_TOKEN')).toEqual({ type: 'gitlab', url: 'https://gitlab.com' });
    expect(inv.credentials['BACKUP_API_TOKEN']?.source).toEqual({ envFile: 'ops/backup.env', key: 'BACKUP_API_TOKEN' });
    // The rest: commented out with the reason, and ignored by scan.
    expect(text).toMatch(/^ {2}# {3}PI_HOST: does not look like a token .*\(read by \.gitea\/workflows\/deploy\.yml\)$/m);
    expect(text).toMatch(/^ {2}# {3}SSH_PRIVATE_KEY: an SSH or signing key/m);
    expect(text).toMatch(/^ {2}# {3}CHANNEL_ID: /m);
    expect(inv.scan?.ignoreSecrets).toEqual(['CHANNEL_ID', 'PI_HOST', 'SSH_PRIVATE_KEY']);
    const sync = Object.values(inv.consumers).find((c) => c.path === '.gitea/workflows/sync.yml');
    expect(sync).toMatchObject({ kind: 'workflow', credentials: ['AUTO_SYNC_TOKEN'], heartbeat: { schedule: '17 */6 * * *', tz: 'UTC', grace: '1h' } });
    expect(Object.values(inv.consumers).find((c) => c.path === 'ops/backup.service')).toMatchObject({ kind: 'service', credentials: ['BACKUP_API_TOKEN'], heartbeat: { schedule: '17 3 * * *' } });
    expect(text).toContain('# TODO');
    expect(text).not.toContain('GITEA_TOKEN:');
  });

  it('takes the heartbeat schedule of the crontab line that reads the secret, and a file a token is read from', async () => {
    await put('cron/deploy/cron.d/ops', '5 1 * * * ops /usr/local/bin/rotate-logs\n17 */6 * * * ops MIRROR_TOKEN=$(cat /etc/ops/token) git push https://bot:$MIRROR_TOKEN@git.acme.test/acme/core.git\n');
    const text = await inventoryYamlFromScan(join(root, 'cron'));
    const inv = parseInventory(text, join(root, 'cron', 'credcanary.yaml')).inventory;
    expect(inv.credentials['MIRROR_TOKEN']?.source).toEqual({ file: '/etc/ops/token' });
    // git talks to the host; which forge software it runs is left to confirm.
    expect(inv.forges[inv.credentials['MIRROR_TOKEN']?.forge ?? '']).toEqual({ type: 'gitea', url: 'https://git.acme.test' });
    expect(text).toMatch(/type: gitea {3}# TODO: a guess/);
    const ops = Object.values(inv.consumers).find((c) => c.path === 'deploy/cron.d/ops');
    expect(ops).toMatchObject({ kind: 'cron', credentials: ['MIRROR_TOKEN'], heartbeat: { schedule: '17 */6 * * *' } });
  });

  it('points at an env file outside the tree that a reader loads, without guessing it is the source', async () => {
    await put('svc/deploy/sync.service', '[Service]\nEnvironmentFile=/etc/ops/sync.env\nExecStart=/opt/ops/bin/sync.sh\n');
    await put('svc/bin/sync.sh', '#!/bin/sh\ncurl -fsS -H "Authorization: token $SYNC_TOKEN" https://git.acme.test/api/v1/user\n');
    const text = await inventoryYamlFromScan(join(root, 'svc'));
    expect(text).toContain('    source: { env: "SYNC_TOKEN" }   # or { envFile: "/etc/ops/sync.env", key: "SYNC_TOKEN" }, which deploy/sync.service loads');
    expect(parseInventory(text, join(root, 'svc', 'credcanary.yaml')).inventory.credentials['SYNC_TOKEN']?.source).toEqual({ env: 'SYNC_TOKEN' });
  });

  itWithCorpus('yields a valid skeleton for the whole corpus and for an empty folder', async () => {
    await mkdir(join(root, 'empty'));
    parseInventory(await inventoryYamlFromScan(join(root, 'empty')), join(root, 'empty', 'credcanary.yaml'));
    await materializeCorpus(corpusDir(), join(root, 'corpus'));
    const text = await inventoryYamlFromScan(join(root, 'corpus'));
    expect(parseDocument(text).errors).toEqual([]);
    const loaded = parseInventory(text, join(root, 'corpus', 'credcanary.yaml'));
    // Only consumers of forge tokens; every secret left out is in scan.ignoreSecrets.
    expect(Object.keys(loaded.inventory.consumers).length).toBeGreaterThan(30);
    expect(Object.keys(loaded.inventory.credentials)).not.toContain('PI_HOST');
    expect(loaded.inventory.scan?.ignoreSecrets).toEqual(expect.arrayContaining(['PI_HOST', 'CHANNEL_ID', 'SSH_PRIVATE_KEY']));
  });
});
