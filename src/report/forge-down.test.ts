import { describe, expect, it } from 'vitest';
import { credential, verdict } from './fixtures.js';
import { forgeDownLine, splitForgeDown } from './forge-down.js';

const down = (name: string, forge = 'core') =>
  credential(name, [
    verdict({ id: 'presence', status: 'pass' }),
    verdict({ id: 'identity', status: 'inconclusive', class: 'unreachable', summary: 'GET /api/v1/user was not sent: the forge was already unreachable in this run (ECONNREFUSED).', evidence: { forgeDown: true } }),
  ], { forge });

describe('forge-down grouping', () => {
  it('groups credentials not sent per forge, keeps everything else in order', () => {
    const first = credential('FIRST', [verdict({ id: 'identity', status: 'inconclusive', class: 'unreachable' })]);
    const failing = credential('FAILING', [verdict({ id: 'presence', status: 'fail', class: 'missing' })]);
    const { shown, groups } = splitForgeDown([first, down('A'), failing, down('B'), down('C', 'hub')]);
    expect(shown.map((c) => c.name)).toEqual(['FIRST', 'FAILING']);
    expect(groups.map((g) => [g.forge, g.names])).toEqual([['core', ['A', 'B']], ['hub', ['C']]]);
    expect(forgeDownLine(groups[0]!)).toBe('INCONCLUSIVE 2 credentials on forge core not checked: A, B — the forge was already unreachable in this run (ECONNREFUSED).');
    expect(forgeDownLine(groups[1]!)).toMatch(/^INCONCLUSIVE 1 credential on forge hub/);
  });
});
