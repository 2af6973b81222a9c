import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECK_FORMATS } from '../init/workflow.js';

// docs/reports.md must recommend, for each forge's runner, the format `init workflow` writes for it.

const REPORTS = readFileSync(fileURLToPath(new URL('../../docs/reports.md', import.meta.url)), 'utf8');

function section(heading: string): string {
  const start = REPORTS.indexOf(heading);
  expect(start, `docs/reports.md has "${heading}"`).toBeGreaterThanOrEqual(0);
  const next = REPORTS.slice(start + heading.length).search(/\n#{2,3} /);
  return REPORTS.slice(start, next === -1 ? undefined : start + heading.length + next);
}

describe('docs/reports.md agrees with init workflow', () => {
  it('recommends on Gitea/Forgejo the format init writes there', () => {
    const gitea = section('### Gitea and Forgejo Actions');
    const formats = [...gitea.matchAll(/check --format (\w+)/g)].map((m) => m[1]);
    expect(formats.length).toBeGreaterThan(0);
    expect(new Set(formats)).toEqual(new Set([CHECK_FORMATS.gitea]));
    expect(CHECK_FORMATS.forgejo).toBe(CHECK_FORMATS.gitea);
  });

  it('lists every format check accepts in its synopsis', () => {
    const synopsis = /credcanary check --format ([\w|]+)/.exec(REPORTS)?.[1]?.split('|') ?? [];
    expect(synopsis).toContain(CHECK_FORMATS.gitea);
    expect(synopsis).toContain(CHECK_FORMATS.github);
  });
});
