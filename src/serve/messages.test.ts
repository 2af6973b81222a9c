import { describe, expect, it } from 'vitest';
import type { CredentialReport } from '../report/model.js';
import { consumerMessage, credentialMessage, outboxRows } from './messages.js';

const failing: CredentialReport = {
  name: 'AUTO_SYNC_TOKEN',
  forge: 'core',
  persona: 'sync-bot',
  last8: 'abcd1234',
  status: 'fail',
  probes: [
    { id: 'presence', target: null, status: 'pass', class: null, summary: 'present', remedy: null, durationMs: 0, evidence: {} },
    { id: 'identity', target: null, status: 'fail', class: 'revoked', summary: 'Token rotation suspected: GET /api/v1/user returned 401.', remedy: 'Mint a new token.', durationMs: 3, evidence: {} },
  ],
} as CredentialReport;
const AT = Date.UTC(2026, 0, 1);

describe('alert messages', () => {
  it('a failure names the root cause, its class, remedy and the consumers that depend on it', () => {
    const m = credentialMessage('credential.failed', failing, ['auto-sync', 'ops-backup'], AT, null);
    expect(m).toEqual({
      event: 'credential.failed',
      credential: 'AUTO_SYNC_TOKEN',
      class: 'revoked',
      summary: 'AUTO_SYNC_TOKEN revoked; consumers auto-sync, ops-backup depend on it. Token rotation suspected: GET /api/v1/user returned 401.',
      remedy: 'Mint a new token.',
      consumers: ['auto-sync', 'ops-backup'],
      at: '2026-01-01T00:00:00.000Z',
    });
    expect(credentialMessage('credential.failed', failing, ['solo'], AT, null).summary).toMatch(/^AUTO_SYNC_TOKEN revoked; consumer solo depends on it\./);
  });

  it('recovery and reminders say what they are', () => {
    const ok = { ...failing, status: 'pass' as const, probes: [] };
    expect(credentialMessage('credential.recovered', ok, [], AT, null)).toMatchObject({ summary: 'AUTO_SYNC_TOKEN works again (pass).' });
    expect(credentialMessage('reminder', failing, [], AT, AT - 86_400_000).summary).toMatch(/^Reminder: AUTO_SYNC_TOKEN still revoked since 2025-12-31T00:00:00\.000Z\./);
    expect(consumerMessage('consumer.down', 'backup', AT - 60_000, AT).summary).toBe('backup is down: last ping 2025-12-31T23:59:00.000Z; it reported a failure or missed its grace time.');
  });

  it('one outbox row per channel, each payload carrying its own delivery id', () => {
    const rows = outboxRows(consumerMessage('consumer.late', 'backup', null, AT), ['hook', 'pager'], 'backup');
    expect(rows.map((r) => r.channel)).toEqual(['hook', 'pager']);
    expect(rows[0]!.id).not.toBe(rows[1]!.id);
    for (const r of rows) expect(JSON.parse(r.payload)).toMatchObject({ event: 'consumer.late', delivery: r.id });
  });
});
