import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NOTIFIERS } from './index.js';

const root = new URL('../../', import.meta.url);

describe('notifier registry', () => {
  it('registers each notifier under its own id', () => {
    for (const [id, notifier] of Object.entries(NOTIFIERS)) expect(notifier?.id).toBe(id);
    expect(Object.keys(NOTIFIERS)).toContain('webhook');
  });
  it.each(Object.keys(NOTIFIERS))('%s has its file, test and docs page', (id) => {
    expect(existsSync(new URL(`src/notify/${id}.ts`, root)), 'source').toBe(true);
    expect(existsSync(new URL(`src/notify/${id}.test.ts`, root)), 'test').toBe(true);
    expect(existsSync(new URL(`docs/notify/${id}.md`, root)), 'docs').toBe(true);
  });
});
