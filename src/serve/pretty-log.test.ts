import { describe, expect, it } from 'vitest';
import { prettyLine } from './pretty-log.js';

describe('pretty log lines for a terminal', () => {
  it('turns a pino JSON line into time, level, message and fields', () => {
    const line = JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 1, 12, 0, 3), pid: 1, hostname: 'h', name: 'credcanary', msg: 'credential checked', credential: 'A', alerts: ['credential.failed'] });
    expect(prettyLine(line)).toBe('12:00:03 INFO  credential checked credential=A alerts=["credential.failed"]\n');
  });
  it('passes anything else through', () => {
    expect(prettyLine('not json')).toBe('not json');
  });
});
