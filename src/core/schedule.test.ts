import { describe, expect, it } from 'vitest';
import { cadenceOf, firstDue, jitterMs, nextRegularDue, nextTick } from './schedule.js';

const T0 = Date.UTC(2026, 2, 28, 23, 0, 0); // the evening before Europe/Berlin moves to summer time

describe('schedules', () => {
  it('every: anchors each due time to the previous one, whatever the run took', () => {
    const every = cadenceOf({ every: '60s' });
    expect(nextRegularDue('A', every, T0, T0 + 7_000)).toBe(T0 + 60_000);
    expect(nextRegularDue('A', every, T0 + 60_000, T0 + 60_500)).toBe(T0 + 120_000);
  });

  it('after downtime runs one catch-up, then resumes on the old phase instead of replaying missed slots', () => {
    const every = cadenceOf({ every: '5m' });
    // Due at T0, the daemon was down for 23 minutes: the catch-up run finishes at T0+23m+2s.
    const next = nextRegularDue('A', every, T0, T0 + 23 * 60_000 + 2_000);
    expect(next).toBe(T0 + 25 * 60_000);
  });

  it('cron: follows the time zone across a daylight-saving change', () => {
    const cron = cadenceOf({ cron: '30 2 * * *', tz: 'Europe/Berlin' });
    // 02:30 does not exist in Berlin on 29 March 2026; croner moves it to the next valid time or day.
    const next = nextTick(cron, T0);
    expect(next).toBeGreaterThan(T0);
    const utc = cadenceOf({ cron: '*/5 * * * *' });
    expect(nextTick(utc, T0 + 1)).toBe(T0 + 5 * 60_000);
    expect(new Date(nextTick(cadenceOf({ cron: '0 9 * * *', tz: 'Europe/Berlin' }), T0)).toISOString()).toBe('2026-03-29T07:00:00.000Z');
  });

  it('cron: jitter is stable per credential, a few seconds at most, and kept from slot to slot', () => {
    const cron = cadenceOf({ cron: '*/5 * * * *' });
    const j = jitterMs('AUTO_SYNC_TOKEN', cron);
    expect(j).toBe(jitterMs('AUTO_SYNC_TOKEN', cron));
    expect(j).toBeGreaterThanOrEqual(0);
    expect(j).toBeLessThan(5_000);
    const due = T0 + 5 * 60_000 + j;
    expect(nextRegularDue('AUTO_SYNC_TOKEN', cron, due, due + 3_000)).toBe(T0 + 10 * 60_000 + j);
  });

  it('spreads first runs of many credentials, by at most a tenth of the period and 30 s', () => {
    const every = cadenceOf({ every: '60s' });
    const firsts = Array.from({ length: 50 }, (_, i) => firstDue(`C${i}`, every, T0) - T0);
    expect(Math.max(...firsts)).toBeLessThan(6_000);
    expect(new Set(firsts).size).toBeGreaterThan(40);
    const hourly = cadenceOf({ every: '1h' });
    expect(Math.max(...Array.from({ length: 50 }, (_, i) => jitterMs(`C${i}`, hourly)))).toBeLessThan(30_000);
  });
});
