import { describe, expect, it } from 'vitest';
import { facts, rawResponse, response, transient } from '../testing/fake-calls.js';
import { driftWords, judgeFileDrift, lineDelta, sha256, type LocalCopy } from './file-drift.js';

const text = 'a: 1\nb: 2\n';
const local: LocalCopy = { ok: true, sha256: sha256(Buffer.from(text)), lines: text.split('\n') };
const f = { repo: 'acme/cp', path: 'p.yaml', ref: 'main', local: 'p.yaml' };
const proven = { authenticated: true, login: 'devops-bot', forgeAnswered: true };
const denied = response(404, { message: 'not found' });

describe('file-drift judge', () => {
  it('passes identical content when anonymous cannot read it', () => {
    expect(judgeFileDrift({ authed: rawResponse(200, text), control: denied, local, identity: proven }, facts(), f)).toMatchObject({ status: 'pass', target: 'acme/cp:p.yaml@main' });
  });
  it('fails different content as drift with line counts', () => {
    const v = judgeFileDrift({ authed: rawResponse(200, 'a: 1\nb: 3\nc: 4\n'), control: denied, local, identity: proven }, facts(), f);
    expect(v).toMatchObject({ status: 'fail', class: 'drift' });
    expect(v.evidence).toMatchObject({ linesAdded: 2, linesRemoved: 1 });
  });
  it('fails a local copy that no longer matches its pin', () => {
    const v = judgeFileDrift({ authed: rawResponse(200, text), control: denied, local, identity: proven }, facts(), { ...f, sha256: '0'.repeat(64) });
    expect(v).toMatchObject({ status: 'fail', class: 'drift' });
  });
  it('fails a remote 404 as drift', () => {
    expect(judgeFileDrift({ authed: denied, control: denied, local, identity: proven }, facts(), f)).toMatchObject({ status: 'fail', class: 'drift' });
  });
  it('anonymous control: a public file readable without the token needs a proven token to pass', () => {
    const pub = rawResponse(200, text);
    expect(judgeFileDrift({ authed: pub, control: pub, local, identity: null }, facts(), f)).toMatchObject({ status: 'inconclusive', class: 'non-discriminating' });
  });
  it('a missing local copy is inconclusive; transient is inconclusive', () => {
    expect(judgeFileDrift({ authed: rawResponse(200, text), control: denied, local: { ok: false, message: 'no such file' }, identity: proven }, facts(), f).status).toBe('inconclusive');
    expect(judgeFileDrift({ authed: transient(), control: denied, local, identity: proven }, facts(), f).status).toBe('inconclusive');
  });
  it('a body cut at the client\'s 1 MiB cap is never compared (a part would read as drift)', () => {
    const cut = rawResponse(200, text);
    if (cut.outcome.kind === 'response') cut.outcome.truncated = true;
    const v = judgeFileDrift({ authed: cut, control: denied, local, identity: proven }, facts(), f);
    expect(v).toMatchObject({ status: 'inconclusive', class: 'unexpected-response' });
    expect(v.summary).toContain('over credcanary\'s response limit');
  });
  it('says the difference in words, leaving out a zero side', () => {
    expect(driftWords({ added: 0, removed: 2 })).toBe('2 lines only in the local copy');
    expect(driftWords({ added: 1, removed: 0 })).toBe('1 line only in the remote copy');
    expect(driftWords({ added: 3, removed: 1 })).toBe('3 lines only in the remote copy, 1 line only in the local copy');
    expect(driftWords({ added: 0, removed: 0 })).toContain('same lines');
  });

  it('counts line deltas', () => {
    expect(lineDelta(['a', 'b'], ['a', 'c', 'd'])).toEqual({ added: 2, removed: 1 });
  });
});
