import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROBE_IDS } from '../core/verdict.js';
import { PROBES } from './index.js';

const root = new URL('../../', import.meta.url);

describe('probe registry', () => {
  it('registers every probe id once, in report order', () => {
    expect(PROBES.map((p) => p.id)).toEqual([...PROBE_IDS]);
  });
  it.each(PROBE_IDS)('%s has its file, test and docs page', (id) => {
    expect(existsSync(new URL(`src/probes/${id}.ts`, root)), 'source').toBe(true);
    expect(existsSync(new URL(`src/probes/${id}.test.ts`, root)), 'test').toBe(true);
    expect(existsSync(new URL(`docs/probes/${id}.md`, root)), 'docs').toBe(true);
  });
});
