import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli.js';

// `credcanary demo --forge github|gitlab` through the built CLI: every designed verdict of that forge's
// story comes out (exit 0), and the report is the real one (JSON) with each failure class in it.

describe('credcanary demo --forge', () => {
  it.each([
    ['github', ['revoked', 'wrong-persona', 'forbidden-persona', 'scope-missing', 'access-lost', 'push-denied', 'expiring', 'rate-limited', 'persona-unverified', 'missing', 'drift']],
    ['gitlab', ['revoked', 'wrong-persona', 'forbidden-persona', 'scope-missing', 'access-lost', 'push-denied', 'expiring', 'expired', 'scope-excess', 'missing', 'drift']],
  ])('%s shows each failure class and exits 0', async (forge, classes) => {
    const r = await runCli(['demo', '--forge', forge, '--format', 'json'], {}, { timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { credentials: Array<{ probes: Array<{ class: string | null }> }> };
    const seen = new Set(report.credentials.flatMap((c) => c.probes.map((p) => p.class)));
    for (const cls of classes) expect(seen.has(cls), cls).toBe(true);
  });
  it('an unknown forge is a usage error', async () => {
    const r = await runCli(['demo', '--forge', 'bitbucket']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gitea, github, gitlab/);
  });
});
