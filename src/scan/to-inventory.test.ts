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
  it('drafts credentials, consumers and heartbeats that validate against the inventory schema', async () => {
    await put('app/.gitea/workflows/sync.yml', 'on:\n  schedule: [{ cron: "17 */6 * * *" }]\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: git push https://bot:${{ secrets.AUTO_SYNC_TOKEN }}@h/a.git\n        env: { T: "${{ secrets.GITEA_TOKEN }}" }\n');
    await put('app/ops/backup.service', '[Service]\nEnvironmentFile=/opt/app/ops/backup.env\nExecStart=/opt/app/ops/backup.sh\n');
    await put('app/ops/backup.env', 'BACKUP_API_TOKEN=x\n');
    const text = await inventoryYamlFromScan(join(root, 'app'));
    const loaded = parseInventory(text, join(root, 'app', 'credcanary.yaml'));
    expect(Object.keys(loaded.inventory.credentials).sort()).toEqual(['AUTO_SYNC_TOKEN', 'BACKUP_API_TOKEN']);
    expect(loaded.inventory.credentials['BACKUP_API_TOKEN']?.source).toEqual({ envFile: 'ops/backup.env', key: 'BACKUP_API_TOKEN' });
    expect(loaded.inventory.forges['main']?.type).toBe('gitea');
    const sync = Object.values(loaded.inventory.consumers).find((c) => c.path === '.gitea/workflows/sync.yml');
    expect(sync).toMatchObject({ kind: 'workflow', credentials: ['AUTO_SYNC_TOKEN'], heartbeat: { schedule: '17 */6 * * *', tz: 'UTC', grace: '1h' } });
    expect(Object.values(loaded.inventory.consumers).find((c) => c.path === 'ops/backup.service')?.kind).toBe('service');
    expect(text).toContain('# TODO');
    expect(text).not.toContain('GITEA_TOKEN:');
  });

  itWithCorpus('yields a valid skeleton for the whole corpus and for an empty folder', async () => {
    await mkdir(join(root, 'empty'));
    parseInventory(await inventoryYamlFromScan(join(root, 'empty')), join(root, 'empty', 'credcanary.yaml'));
    await materializeCorpus(corpusDir(), join(root, 'corpus'));
    const text = await inventoryYamlFromScan(join(root, 'corpus'));
    expect(parseDocument(text).errors).toEqual([]);
    const loaded = parseInventory(text, join(root, 'corpus', 'credcanary.yaml'));
    expect(Object.keys(loaded.inventory.consumers).length).toBeGreaterThan(100);
  });
});
