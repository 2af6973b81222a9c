import { describe, expect, it } from 'vitest';
import { GITEA_SHAPE, firstBodyLine, speakerOf } from './forge-response.js';
import type { HttpOutcome } from '../http/client.js';

const res = (status: number, body: string, contentType = 'application/json'): HttpOutcome => ({
  kind: 'response', status, headers: new Headers({ 'content-type': contentType }), body, bytes: Buffer.from(body), attempts: 1,
});
const json = (o: HttpOutcome): unknown => (o.kind === 'response' ? (() => { try { return JSON.parse(o.body); } catch { return null; } })() : null);
const who = (o: HttpOutcome, raw = false) => speakerOf(o, json(o), GITEA_SHAPE, raw);

describe('who answered', () => {
  it('the forge: its success JSON, or its error shape {message, url}', () => {
    expect(who(res(200, '{"login":"bot"}'))).toBe('forge');
    expect(who(res(401, '{"message":"token is required","url":"https://git.example.com/api/swagger"}'))).toBe('forge');
    expect(who(res(404, '{"message":"not found","url":"u","errors":null}'))).toBe('forge');
  });
  it('someone else: HTML, plain text, JSON in another shape, an unparsable body', () => {
    expect(who(res(403, '<html><title>Access denied</title></html>', 'text/html'))).toBe('foreign');
    expect(who(res(404, '404 page not found\n', 'text/plain'))).toBe('foreign');
    expect(who(res(403, '{"message":"Forbidden"}'))).toBe('foreign');
    expect(who(res(401, '{"error":"unauthorized"}'))).toBe('foreign');
    expect(who(res(200, '<html>login</html>', 'text/html'))).toBe('foreign');
    expect(who(res(200, 'not json'))).toBe('foreign');
  });
  it('a raw file read: any 2xx bytes are the file; its errors are still judged by shape', () => {
    expect(who(res(200, 'any bytes', 'text/plain'), true)).toBe('forge');
    expect(who(res(404, '<html>nope</html>', 'text/html'), true)).toBe('foreign');
  });
  it('nobody: a transient outcome', () => {
    expect(speakerOf({ kind: 'transient', reason: 'timeout', status: null, detail: 'x', attempts: 3 }, null, GITEA_SHAPE)).toBe('nobody');
  });
});

describe('first body line', () => {
  it('prefers an HTML title, strips tags and control characters, cuts long lines', () => {
    expect(firstBodyLine('<!DOCTYPE html>\n<html><head><title>403 Forbidden</title></head></html>')).toBe('403 Forbidden');
    expect(firstBodyLine('\n\n  <h1>Blocked</h1>\n')).toBe('Blocked');
    expect(firstBodyLine('a\u001b[31mb')).toBe('a[31mb');
    expect(firstBodyLine('x'.repeat(500))).toHaveLength(121);
    expect(firstBodyLine('   \n  ')).toBeNull();
  });
});
