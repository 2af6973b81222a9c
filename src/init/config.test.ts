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

  it.each([
    ['github', 'url: https://github.com', 'scopes: [repo]', 'X-OAuth-Scopes'],
    ['gitlab', 'url: https://gitlab.com', 'scopes: [read_api, read_repository]', 'personal_access_tokens/self'],
    ['gitea', 'url: https://git.example.com', 'scopes: [read:user, read:repository]', 'password:'],
  ] as const)('--forge %s: that forge\'s URL and scopes', (forgeType, url, scopes, note) => {
    const text = starterConfig({ forgeType });
    for (const s of [url, scopes, note]) expect(text).toContain(s);
  });

  it('is commented: each optional part is shown, commented out', () => {
    const text = starterConfig();
    for (const hint of ['# files:', '# heartbeat:', '# notify:', '# password:', 'kind: human']) expect(text).toContain(hint);
  });

  it('rejects a name the inventory cannot hold', () => {
    expect(() => starterConfig({ credentials: ['has space'] })).toThrow(UserError);
  });
});
