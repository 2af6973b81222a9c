import { describe, expect, it } from 'vitest';
import type { Status } from './status.js';
import { initialAlertState, parseAlertState, stepAlert, type AlertPolicy, type AlertState, type CredentialEvent } from './alerts.js';

const POLICY: AlertPolicy = { failAfter: 2, confirmAfterMs: 10_000, recoverAfter: 1, remindEveryMs: 86_400_000 };

/** Feeds runs one minute apart; returns the events of each run and the final state. */
function runs(statuses: Status[], policy = POLICY, start: AlertState = initialAlertState()): { events: CredentialEvent[][]; state: AlertState; confirms: Array<number | null> } {
  let state = start;
  const events: CredentialEvent[][] = [];
  const confirms: Array<number | null> = [];
  statuses.forEach((status, i) => {
    const step = stepAlert(state, status, status === 'fail' ? 'revoked' : status === 'inconclusive' ? 'unreachable' : null, i * 60_000, policy);
    state = step.state;
    events.push(step.events);
    confirms.push(step.confirmAt);
  });
  return { events, state, confirms };
}

describe('the credential alert state machine', () => {
  it('alerts once after failAfter failing runs, asking for a quick confirmation run after the first', () => {
    const { events, state, confirms } = runs(['pass', 'fail', 'fail', 'fail', 'fail']);
    expect(events).toEqual([[], [], ['credential.failed'], [], []]);
    expect(confirms[1]).toBe(60_000 + 10_000);
    expect(confirms[2]).toBeNull();
    expect(state).toMatchObject({ phase: 'failing', class: 'revoked', fails: 4 });
  });

  it('recovers once after recoverAfter passing runs', () => {
    const policy = { ...POLICY, recoverAfter: 2 };
    const { events } = runs(['fail', 'fail', 'pass', 'pass', 'pass', 'warn'], policy);
    expect(events).toEqual([[], ['credential.failed'], [], ['credential.recovered'], [], []]);
  });

  it('a single failure between passes never alerts', () => {
    expect(runs(['fail', 'pass', 'fail', 'pass']).events.flat()).toEqual([]);
  });

  it('inconclusive runs never alert as a failure; three in a row alert once as "cannot check"', () => {
    const { events, state } = runs(['inconclusive', 'inconclusive', 'inconclusive', 'inconclusive', 'inconclusive', 'pass']);
    expect(events).toEqual([[], [], ['credential.inconclusive'], [], [], ['credential.recovered']]);
    expect(state.phase).toBe('ok');
  });

  it('inconclusive runs neither confirm nor clear a first failure', () => {
    expect(runs(['fail', 'inconclusive', 'fail']).events).toEqual([[], [], ['credential.failed']]);
    expect(runs(['fail', 'fail', 'inconclusive', 'inconclusive', 'inconclusive']).events.flat()).toEqual(['credential.failed']);
  });

  it('reminds every remindEvery while the credential stays failed', () => {
    const policy = { ...POLICY, remindEveryMs: 120_000 };
    const { events } = runs(['fail', 'fail', 'fail', 'fail', 'fail', 'fail'], policy);
    expect(events).toEqual([[], ['credential.failed'], [], ['reminder'], [], ['reminder']]);
  });

  it('failAfter 1 alerts on the first failing run', () => {
    expect(runs(['fail'], { ...POLICY, failAfter: 1 }).events).toEqual([['credential.failed']]);
  });

  it('reads stored states back, and anything unreadable as a fresh state', () => {
    const { state } = runs(['fail', 'fail']);
    expect(parseAlertState(JSON.stringify(state))).toEqual(state);
    expect(parseAlertState('not json')).toEqual(initialAlertState());
    expect(parseAlertState('{"phase":"weird","fails":-3}')).toEqual(initialAlertState());
  });
});
