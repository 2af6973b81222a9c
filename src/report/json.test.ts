import { describe, expect, it } from 'vitest';
import { sampleReport } from './fixtures.js';
import { formatJson, reportDocument } from './json.js';
import type { Report } from './model.js';

describe('formatJson', () => {
  const text = formatJson(sampleReport(), { color: false });
  const doc = JSON.parse(text) as Report;

  it('prints the credcanary.report/v1 document, 2-space indented, keys in DESIGN.md order', () => {
    expect(text.startsWith('{\n  "schema": "credcanary.report/v1",\n  "status": "fail",\n  "startedAt": ')).toBe(true);
    expect(Object.keys(doc)).toEqual(['schema', 'status', 'startedAt', 'finishedAt', 'durationMs', 'counts', 'credentials']);
    expect(Object.keys(doc.counts)).toEqual(['pass', 'warn', 'fail', 'inconclusive', 'skipped']);
    expect(Object.keys(doc.credentials[0]!)).toEqual(['name', 'forge', 'persona', 'last8', 'status', 'probes']);
    expect(Object.keys(doc.credentials[0]!.probes[0]!)).toEqual(['id', 'target', 'status', 'class', 'summary', 'remedy', 'durationMs', 'evidence']);
  });

  it('round-trips the report unchanged, nulls and unicode included', () => {
    expect(doc).toEqual(sampleReport());
    expect(doc.credentials[1]!.last8).toBeNull();
    expect(doc.credentials[0]!.probes[1]!.evidence).toEqual({ httpStatus: 401 });
    expect(text).toContain('"summary": "Authenticated as ops-bot (bot) — ünïcödé ✓ 日本語"');
    expect(text).toContain('"remedy": "Likely cause: the token was rotated or revoked.\\nRemedy: mint');
  });

  it('keeps key order even when the input was built in another order, and drops unknown properties', () => {
    const shuffled = sampleReport();
    const { counts: _counts, ...rest } = shuffled;
    const messy = { extra: 'ENGINE_ONLY', counts: { skipped: 2, fail: 1, pass: 3, warn: 1, inconclusive: 1 }, ...rest } as Report;
    expect(Object.keys(messy)[0]).toBe('extra');
    const out = reportDocument(messy);
    expect(Object.keys(out)).toEqual(['schema', 'status', 'startedAt', 'finishedAt', 'durationMs', 'counts', 'credentials']);
    expect(Object.keys(out.counts)).toEqual(['pass', 'warn', 'fail', 'inconclusive', 'skipped']);
    expect(JSON.stringify(out)).not.toContain('ENGINE_ONLY');
    expect(out.counts).toEqual(shuffled.counts);
  });
});
