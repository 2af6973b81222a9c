import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { locateInventory } from './locate.js';
import { tempDir } from '../testing/temp.js';

function folderWith(...files: string[]): string {
  const dir = tempDir('cc-locate-');
  for (const file of files) writeFileSync(join(dir, file), 'version: 1\n');
  return dir;
}

function failure(run: () => unknown): UserError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected a UserError');
}

describe('locateInventory', () => {
  it('prefers --config, relative to the working folder', () => {
    const cwd = folderWith('a.yaml', 'b.yaml', 'credcanary.yaml');
    expect(locateInventory({ config: 'a.yaml', env: { CREDCANARY_CONFIG: 'b.yaml' }, cwd })).toBe(join(cwd, 'a.yaml'));
  });

  it('then $CREDCANARY_CONFIG', () => {
    const cwd = folderWith('b.yaml', 'credcanary.yaml');
    expect(locateInventory({ env: { CREDCANARY_CONFIG: 'b.yaml' }, cwd })).toBe(join(cwd, 'b.yaml'));
    expect(locateInventory({ env: { CREDCANARY_CONFIG: join(cwd, 'b.yaml') }, cwd: '/' })).toBe(join(cwd, 'b.yaml'));
  });

  it('then ./credcanary.yaml; an empty variable counts as unset', () => {
    const cwd = folderWith('credcanary.yaml');
    expect(locateInventory({ env: {}, cwd })).toBe(join(cwd, 'credcanary.yaml'));
    expect(locateInventory({ env: { CREDCANARY_CONFIG: '' }, cwd })).toBe(join(cwd, 'credcanary.yaml'));
  });

  it('names which of the three a missing file came from', () => {
    const cwd = folderWith('credcanary.yaml');
    const fromFlag = failure(() => locateInventory({ config: 'nope.yaml', env: {}, cwd }));
    expect(fromFlag.message).toBe(`inventory not found: ${join(cwd, 'nope.yaml')} (from --config)`);
    const fromEnv = failure(() => locateInventory({ env: { CREDCANARY_CONFIG: 'gone.yaml' }, cwd }));
    expect(fromEnv.message).toBe(`inventory not found: ${join(cwd, 'gone.yaml')} (from $CREDCANARY_CONFIG)`);
    expect(fromEnv.details).toEqual(['check the CREDCANARY_CONFIG environment variable, or pass --config FILE']);
    const empty = folderWith();
    const fromDefault = failure(() => locateInventory({ env: {}, cwd: empty }));
    expect(fromDefault.message).toBe(`inventory not found: ${join(empty, 'credcanary.yaml')} (from the default ./credcanary.yaml)`);
    expect(fromDefault.details[0]).toContain('credcanary init');
  });

  it('refuses a folder', () => {
    const cwd = folderWith();
    mkdirSync(join(cwd, 'credcanary.yaml'));
    expect(failure(() => locateInventory({ env: {}, cwd })).message).toBe(
      `inventory is not a file: ${join(cwd, 'credcanary.yaml')} (from the default ./credcanary.yaml)`,
    );
  });
});
