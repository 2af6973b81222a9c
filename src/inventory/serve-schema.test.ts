import { describe, expect, it } from 'vitest';
import { inventoryIssues } from '../testing/inventory-issues.js';
import { ConfigError, formatConfigIssue } from '../core/errors.js';
import { parseInventory } from './load.js';
import { isLoopbackListen } from './serve-schema.js';

const FILE = '/inv/credcanary.yaml';
const HEAD = `version: 1
forges:
  core: { type: gitea, url: https://git.example.com }
personas:
  bot1: { kind: bot }
`;

const issuesOf = (text: string): string[] => inventoryIssues(text, FILE);

describe('serve: block, schedules and webhook secrets', () => {
  it('accepts every documented key, per-credential schedules and a signed webhook', () => {
    const { inventory } = parseInventory(
      `${HEAD}credentials:
  A: { forge: core, persona: bot1, scopes: [], source: { env: A }, schedule: { every: 60s } }
  B: { forge: core, persona: bot1, scopes: [], source: { env: B }, schedule: { cron: "*/5 * * * *", tz: Europe/Berlin } }
consumers:
  job: { kind: cron, credentials: [A], heartbeat: { schedule: "17 */6 * * *", tz: UTC, grace: 1h } }
notify:
  hook: { type: webhook, url: https://alerts.example.com/in, secret: { env: HOOK_SECRET } }
serve:
  listen: 0.0.0.0:9000
  db: postgres://canary@127.0.0.1:5432/canary
  apiToken: { env: CREDCANARY_API_TOKEN }
  publicUrl: https://canary.example.com
  pingKey: { file: ping.key }
  retention: 30d
  schedule: { every: 5m }
  alerts: { failAfter: 3, confirmAfter: 5s, recoverAfter: 2, remindEvery: 12h }
`,
      FILE,
    );
    expect(inventory.credentials['A']?.schedule).toEqual({ every: '60s' });
    expect(inventory.credentials['B']?.schedule).toEqual({ cron: '*/5 * * * *', tz: 'Europe/Berlin' });
    expect(inventory.notify['hook']).toEqual({ type: 'webhook', url: 'https://alerts.example.com/in', secret: { env: 'HOOK_SECRET' } });
    expect(inventory.serve.alerts).toEqual({ failAfter: 3, confirmAfter: '5s', recoverAfter: 2, remindEvery: '12h' });
    expect(inventory.serve.listen).toBe('0.0.0.0:9000');
  });

  it('fills partial alert settings with their defaults', () => {
    const { inventory } = parseInventory(`${HEAD}serve: { alerts: { failAfter: 1 } }\n`, FILE);
    expect(inventory.serve.alerts).toEqual({ failAfter: 1, confirmAfter: '10s', recoverAfter: 1, remindEvery: '24h' });
    expect(inventory.serve.schedule).toEqual({ every: '15m' });
  });

  it('rejects malformed serve settings with file:line:column and what was expected', () => {
    const issues = issuesOf(`${HEAD}serve:
  listen: localhost
  retention: forever
  alerts: { failAfter: 0, remindEvery: 0s, snooze: 1h }
  schedule: { cron: "every day" }
`);
    expect(issues).toEqual([
      '7:11: serve.listen: expected HOST:PORT such as "127.0.0.1:8414" or "[::1]:8414"',
      '8:14: serve.retention: expected a duration such as "90s", "15m", "1h" or "2d", got "forever"',
      '9:24: serve.alerts.failAfter: expected a number at least 1, got the number 0',
      '9:40: serve.alerts.remindEvery: a duration greater than zero',
      '9:44: serve.alerts.snooze: unknown key "snooze" (allowed here: failAfter, confirmAfter, recoverAfter, remindEvery)',
      '10:21: serve.schedule.cron: expected a five-field cron expression such as "*/5 * * * *"',
    ]);
  });

  it('rejects a bad time zone, a credential schedule with both forms, and an unknown key in it', () => {
    const issues = issuesOf(`${HEAD}credentials:
  A: { forge: core, persona: bot1, scopes: [], source: { env: A }, schedule: { cron: "* * * * *", tz: Mars/Olympus } }
  B: { forge: core, persona: bot1, scopes: [], source: { env: B }, schedule: { evry: 5m } }
`);
    expect(issues[0]).toMatch(/^7:\d+: credentials\.A\.schedule\.tz: expected an IANA time zone/);
    expect(issues[1]).toMatch(/^8:\d+: credentials\.B\.schedule.*evry/);
  });

  it('requires apiToken when listening beyond loopback, pointing at listen', () => {
    const issues = issuesOf(`${HEAD}serve:\n  listen: 0.0.0.0:8414\n`);
    expect(issues).toEqual([
      '7:11: serve.listen: listening on 0.0.0.0:8414 (not loopback) requires serve.apiToken, a secret source such as { env: CREDCANARY_API_TOKEN }',
    ]);
  });

  it('never echoes a webhook secret written inline instead of as a source', () => {
    const issues = issuesOf(`${HEAD}notify:\n  hook: { type: webhook, url: https://a.example/x, secret: whsec-planted-1234567890 }\n`);
    expect(issues.join('\n')).not.toContain('whsec-planted');
    expect(issues[0]).toMatch(/^7:\d+: notify\.hook\.secret: expected a secret source/);
  });

  it('tells loopback listen addresses from others', () => {
    expect(['127.0.0.1:8414', 'localhost:1', '[::1]:8414'].map(isLoopbackListen)).toEqual([true, true, true]);
    expect(['0.0.0.0:8414', '[::]:8414', '10.0.0.1:80'].map(isLoopbackListen)).toEqual([false, false, false]);
  });
});
