import { describe, expect, it } from 'vitest';
import { expectationOf, initialHeartbeat, nextWake, onPing, onTick, parseHeartbeat, pause, type HeartbeatState } from './heartbeat.js';

const period = expectationOf({ period: '2s', grace: '3s' });
const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

function up(at = T0): HeartbeatState {
  return onPing(initialHeartbeat(), 'success', at, false).state;
}

describe('the heartbeat state machine', () => {
  it('a new consumer stays new until its first ping, which brings it up without an alert', () => {
    expect(onTick(initialHeartbeat(), period, T0 + 10 ** 9, false).state.phase).toBe('new');
    const step = onPing(initialHeartbeat(), 'success', T0, false);
    expect(step).toMatchObject({ event: null, change: { from: 'new', to: 'up' } });
  });

  it('goes late after its period and down after period + grace, alerting each once', () => {
    const s = up();
    expect(onTick(s, period, T0 + 2_000, false).change).toBeNull();
    const late = onTick(s, period, T0 + 2_001, false);
    expect(late).toMatchObject({ event: 'consumer.late', state: { phase: 'late' } });
    expect(onTick(late.state, period, T0 + 4_000, false).change).toBeNull();
    const down = onTick(late.state, period, T0 + 5_001, false);
    expect(down).toMatchObject({ event: 'consumer.down', state: { phase: 'down' } });
    expect(onTick(down.state, period, T0 + 60_000, false).event).toBeNull();
    const back = onPing(down.state, 'success', T0 + 61_000, false);
    expect(back).toMatchObject({ event: 'consumer.up', state: { phase: 'up', alerted: false } });
  });

  it('muted changes happen without alerts, and owe no recovery alert', () => {
    const late = onTick(up(), period, T0 + 2_001, true);
    expect(late).toMatchObject({ event: null, change: { to: 'late', muted: true } });
    const down = onTick(late.state, period, T0 + 5_001, true);
    expect(down.event).toBeNull();
    expect(onPing(down.state, 'success', T0 + 6_000, false).event).toBeNull();
  });

  it('/fail is down at once; an exit status is the caller turning it into success or fail', () => {
    expect(onPing(up(), 'fail', T0 + 1, false)).toMatchObject({ event: 'consumer.down', state: { phase: 'down' } });
  });

  it('/start then success records the run duration; a start without an end goes down after grace', () => {
    const started = onPing(up(), 'start', T0 + 1_000, false).state;
    expect(onPing(started, 'success', T0 + 1_750, false).state.lastDurationMs).toBe(750);
    expect(onTick(started, expectationOf({ period: '1h', grace: '3s' }), T0 + 4_001, false)).toMatchObject({ event: 'consumer.down' });
  });

  it('/log stores a message and changes nothing', () => {
    const s = up();
    expect(onPing(s, 'log', T0 + 1, false)).toEqual({ state: s, event: null, change: null });
  });

  it('cron + time zone + grace: late after the missed slot, down after grace', () => {
    const cron = expectationOf({ schedule: '0 9 * * *', tz: 'Europe/Berlin', grace: '1h' });
    const ping = Date.UTC(2026, 5, 1, 7, 0, 5); // 09:00:05 Berlin summer time
    const s = up(ping);
    const nextSlot = Date.UTC(2026, 5, 2, 7, 0, 0);
    expect(onTick(s, cron, nextSlot, false).change).toBeNull();
    expect(onTick(s, cron, nextSlot + 1, false).event).toBe('consumer.late');
    expect(onTick(s, cron, nextSlot + 3_600_001, false).event).toBe('consumer.down');
  });

  it('says when the clock can next change a consumer, and that it cannot before', () => {
    const s = up();
    expect(nextWake(initialHeartbeat(), period)).toBeNull();
    const wake = nextWake(s, period)!;
    expect(onTick(s, period, wake - 1, false).change).toBeNull();
    expect(onTick(s, period, wake, false).state.phase).toBe('late');
    const late = onTick(s, period, wake, false).state;
    const downAt = nextWake(late, period)!;
    expect(onTick(late, period, downAt - 1, false).change).toBeNull();
    expect(onTick(late, period, downAt, false).state.phase).toBe('down');
    expect(nextWake(onTick(late, period, downAt, false).state, period)).toBeNull();
    const started = onPing(s, 'start', T0 + 500, false).state;
    expect(nextWake(started, period)).toBe(T0 + 2_001);
    expect(nextWake(started, expectationOf({ period: '1h', grace: '1s' }))).toBe(T0 + 1_501);
  });

  it('paused ignores the clock until the next ping', () => {
    const paused = pause(up()).state;
    expect(paused.phase).toBe('paused');
    expect(onTick(paused, period, T0 + 10 ** 9, false).change).toBeNull();
    expect(onPing(paused, 'success', T0 + 10 ** 9, false).state.phase).toBe('up');
  });

  it('reads stored states back, and anything unreadable as new', () => {
    const s = onPing(up(), 'start', T0 + 5, false).state;
    expect(parseHeartbeat(JSON.stringify(s))).toEqual(s);
    expect(parseHeartbeat('{}')).toEqual(initialHeartbeat());
  });
});
