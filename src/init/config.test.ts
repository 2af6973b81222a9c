import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UserError } from '../core/errors.js';
import { parseInventory } from '../inventory/load.js';
import { inventorySchema } from '../inventory/schema.js';
import { starterConfig, type StarterOptions } from './config.js';

describe('init config: the starter inventory', () => {
  it.each<[StarterOptions]>([
    [{}],
    [{ credentials: ['AUTO_SYNC_TOKEN', 'DEPLOY_TOKEN'], forgeType: 'forgejo' }],
    [{ credentials: ['ops.cron-token'], forgeType: 'github' }],
    [{ forgeType: 'gitlab' }],
  ])('%o validates against the zod schema and the full loader', (options) => {
    const text = starterConfig(options);
    const parsed = inventorySchema.safeParse(parse(text));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const loaded = parseInventory(text, '/tmp/credcanary.yaml');
    const names = options.credentials ?? ['AUTO_SYNC_TOKEN'];
    expect(Object.keys(loaded.inventory.credentials)).toEqual(names);
    expect(loaded.inventory.forges['core']?.type).toBe(options.forgeType ?? 'gitea');
    expect(loaded.inventory.consumers['canary-workflow']?.credentials).toEqual(names);
  });

  it('is commented: each optional part is shown, commented out', () => {
    const text = starterConfig();
    for (const hint of ['# files:', '# heartbeat:', '# notify:', '# password:', 'kind: human']) expect(text).toContain(hint);
  });

  it('rejects a name the inventory cannot hold', () => {
    expect(() => starterConfig({ credentials: ['has space'] })).toThrow(UserError);
  });
});
