// Report fixtures for the report tests (and a sample for docs): every status, several credentials,
// and the characters each format must escape. Not used at run time.

import { countStatuses, worstStatus } from '../core/status.js';
import type { Verdict } from '../core/verdict.js';
import { REPORT_SCHEMA, type CredentialReport, type Report } from './model.js';

/** A verdict with defaults for the fields a test does not care about. */
export function verdict(fields: Partial<Verdict> & Pick<Verdict, 'id' | 'status'>): Verdict {
  return { target: null, class: null, summary: `${fields.id} ${fields.status}`, remedy: null, durationMs: 5, evidence: {}, ...fields };
}

/** A credential report whose status is the worst of its verdicts. */
export function credential(name: string, probes: Verdict[], fields: Partial<CredentialReport> = {}): CredentialReport {
  return { name, forge: 'core', persona: 'devops-engineer', last8: '687797fc', status: worstStatus(probes.map((p) => p.status)), probes, ...fields };
}

/** A report over `credentials`, with status and counts derived the way the engine derives them. */
export function report(credentials: CredentialReport[], fields: Partial<Report> = {}): Report {
  const statuses = credentials.flatMap((c) => c.probes.map((p) => p.status));
  return {
    schema: REPORT_SCHEMA,
    status: worstStatus(statuses),
    startedAt: '2026-11-23T13:00:00.000Z',
    finishedAt: '2026-11-23T13:00:00.412Z',
    durationMs: 412,
    counts: countStatuses(statuses),
    credentials,
    ...fields,
  };
}

/** The main fixture: two credentials covering all five statuses, with tricky text. */
export function sampleReport(): Report {
  return report([
    credential('AUTO_SYNC_TOKEN', [
      verdict({ id: 'presence', status: 'pass', summary: 'Token present in env AUTO_SYNC_TOKEN (40 chars)', durationMs: 0 }),
      verdict({
        id: 'identity',
        status: 'fail',
        class: 'revoked',
        summary: 'Token rotation suspected: GET /api/v1/user returned 401 at 100% certainty, a <b>&amp; | c',
        remedy: 'Likely cause: the token was rotated or revoked.\nRemedy: mint a new token for devops-engineer, then update the secret AUTO_SYNC_TOKEN.',
        durationMs: 11,
        evidence: { httpStatus: 401 },
      }),
      verdict({ id: 'scopes', status: 'skipped', class: null, summary: 'Not run: identity failed (revoked)', durationMs: 0 }),
      verdict({
        id: 'branch-push',
        target: 'acme/core@staging',
        status: 'inconclusive',
        class: 'unreachable',
        summary: 'GET /repos/acme/core/branches/staging: connection refused after 3 tries',
        remedy: 'Check that git.example.com is reachable from this runner, then re-run.',
        durationMs: 3004,
      }),
    ]),
    credential(
      'OPS_CRON_TOKEN',
      [
        verdict({ id: 'identity', status: 'pass', summary: 'Authenticated as ops-bot (bot) — ünïcödé ✓ 日本語', durationMs: 9 }),
        verdict({
          id: 'scopes',
          status: 'warn',
          class: 'scope-excess',
          summary: 'Extra scopes: write:admin, write:org',
          remedy: 'Least privilege: mint a token with only read:user, read:repository.',
          durationMs: 7,
        }),
        verdict({ id: 'file-drift', target: 'internal/providers/providers.yaml', status: 'pass', summary: 'remote equals local (sha256 3f0c12ab)', durationMs: 14 }),
        verdict({ id: 'expiry', status: 'skipped', class: 'not-applicable', summary: 'Gitea tokens do not expire', durationMs: 0 }),
      ],
      { persona: 'ops-bot', last8: null },
    ),
  ]);
}
