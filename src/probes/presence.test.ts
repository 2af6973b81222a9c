import { describe, expect, it } from 'vitest';
import { facts } from '../testing/fake-calls.js';
import { describeSource, judgePresence } from './presence.js';

describe('presence judge', () => {
  it('passes a present secret', () => {
    expect(judgePresence({ source: 'env X', read: { ok: true, value: 'abcdefgh', warnings: [] } }, facts())).toMatchObject({ status: 'pass' });
  });
  it('fails a missing secret with class missing and the gate remedy', () => {
    const v = judgePresence({ source: 'env X', read: { ok: false, reason: 'missing', message: 'env X is empty' } }, facts());
    expect(v).toMatchObject({ status: 'fail', class: 'missing' });
    expect(v.remedy).toContain('credcanary gate AUTO_SYNC_TOKEN');
  });
  it('warns on a group-readable token file', () => {
    const v = judgePresence({ source: 'file t', read: { ok: true, value: 'abcdefgh', warnings: [{ class: 'file-mode', message: 'mode 0644 lets others read it' }] } }, facts());
    expect(v).toMatchObject({ status: 'warn', class: 'file-mode' });
  });
  it('a broken source is inconclusive, not missing', () => {
    expect(judgePresence({ source: 'command x', read: { ok: false, reason: 'error', message: 'exit 3' } }, facts())).toMatchObject({ status: 'inconclusive', class: 'source-error' });
  });
  it('a malformed value (surrounding whitespace, line break, NUL, > U+00FF) fails as malformed-secret, never unreachable', () => {
    const v = judgePresence({ source: 'env X', read: { ok: false, reason: 'malformed', message: 'the value of environment variable X cannot be sent as a token: it contains a line break', remedy: 'Remedy: store the token alone.' } }, facts());
    expect(v).toMatchObject({ status: 'fail', class: 'malformed-secret', remedy: 'Remedy: store the token alone.' });
    expect(v.summary).toContain('it contains a line break');
  });
  it('a failing command keeps its own remedy (run it by hand)', () => {
    const v = judgePresence({ source: 'command vault', read: { ok: false, reason: 'error', message: 'command vault exited with code 2 and wrote 40 bytes to stderr', remedy: 'Remedy: run it by hand.' } }, facts());
    expect(v).toMatchObject({ status: 'inconclusive', class: 'source-error', remedy: 'Remedy: run it by hand.' });
  });
  it('anonymous control: there is no credential-free way to be present — an empty value is missing', () => {
    expect(judgePresence({ source: 'env X', read: { ok: false, reason: 'missing', message: 'env X is set but empty' } }, facts()).status).toBe('fail');
  });
  it('describes sources without values', () => {
    expect(describeSource({ env: 'A' })).toBe('env A');
    expect(describeSource({ envFile: '/e', key: 'K' })).toBe('K in env file /e');
  });
});
