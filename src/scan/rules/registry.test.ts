import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from './index.js';

const here = new URL('./', import.meta.url);
const docs = new URL('../../../docs/rules/', import.meta.url);
const REQUIRED = ['fail-open-missing-secret', 'token-in-url', 'ls-remote-token-check', 'curl-no-fail', 'continue-on-error-with-secret', 'secrets-inherit', 'prt-checkout-pr-head'];

describe('rule registry', () => {
  it('registers exactly the rule ids the issue names, once each', () => {
    expect(RULES.map((r) => r.id).sort()).toEqual([...REQUIRED].sort());
  });

  it.each(RULES.map((r) => [r.id]))('%s has its source file, its test and its docs page', (id) => {
    expect(existsSync(new URL(`${id}.ts`, here))).toBe(true);
    expect(existsSync(new URL(`${id}.test.ts`, here))).toBe(true);
    const page = new URL(`${id}.md`, docs);
    expect(existsSync(page)).toBe(true);
    const text = readFileSync(page, 'utf8');
    for (const section of ['## What', '## Why', '## Example', '## Fix']) expect(text).toContain(section);
  });

  it('has no rule file that is not registered', () => {
    const files = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts');
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it('keeps SARIF-facing metadata within GitHub limits', () => {
    for (const r of RULES) {
      expect(r.title.length).toBeGreaterThan(0);
      expect(r.description.length).toBeLessThanOrEqual(1024);
      expect(r.remedy.length).toBeGreaterThan(0);
    }
  });
});
