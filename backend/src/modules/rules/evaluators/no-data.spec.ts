import { DEFAULT_RULES, type NoDataRule, NoDataRuleSchema } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import type { AlertState, TransitionDraft } from '../../alerting/alert-state-machine.js';
import { runNoData, silenceLimitMs } from './no-data.js';

/*
 * No data: an indoor sensor reporting every 5 minutes is offline after 3 intervals (15 minutes) of
 * silence. Each row is a tick: [tick minute, minute of the last reading (null: never)] in order,
 * each starting from the state the one before left; transitions are "minute kind:severity".
 */
const T0 = Date.UTC(2026, 10, 26, 0, 0);
const at = (minute: number) => T0 + minute * 60_000;
/** Minutes since T0, and the milliseconds past the minute when there are any ("15+1ms"). */
const minuteOf = (ts: number) => {
  const minute = Math.floor((ts - T0) / 60_000);
  const ms = ts - at(minute);
  return ms ? `${minute}+${ms}ms` : String(minute);
};
const rule = DEFAULT_RULES.find((r) => r.id === 'heating-sensor-offline') as NoDataRule;
const show = (t: TransitionDraft) =>
  `${minuteOf(t.at)} ${t.kind}:${t.severity ?? '-'} (${t.value})`;

type Tick = readonly [now: number, lastSeen: number | null];

function ticks(r: NoDataRule, list: readonly Tick[], watchedSince?: number) {
  let state: AlertState | undefined;
  const found: string[] = [];
  for (const [now, lastSeen] of list) {
    const result = runNoData(r, 'indoor_sensor', state, {
      now: at(now),
      lastSeenAt: lastSeen === null ? null : at(lastSeen),
      watchedSince: watchedSince === undefined ? null : at(watchedSince),
    });
    state = result.state;
    found.push(...result.transitions.map(show));
  }
  return { found, state };
}

describe('no data (indoor sensor, 3 × 300 s)', () => {
  it('waits 3 intervals', () => {
    expect(silenceLimitMs(rule, 'indoor_sensor')).toBe(15 * 60_000);
    expect(silenceLimitMs(rule, 'underpass')).toBeNull();
  });

  it.each<[string, Tick[], string[]]>([
    [
      'stays quiet while the sensor reports',
      [
        [5, 5],
        [10, 10],
        [15, 15],
        [20, 20],
      ],
      [],
    ],
    ['stays quiet one minute short of three intervals', [[14, 0]], []],
    ['fires exactly at three intervals', [[15, 0]], ['15 raised:blue (15)']],
    [
      'fires at the event time of the third missed interval even when the tick is late',
      [
        [10, 0],
        [40, 0],
      ],
      ['15 raised:blue (15)'],
    ],
    [
      'fires once however many ticks follow',
      [
        [15, 0],
        [16, 0],
        [30, 0],
        [90, 0],
      ],
      ['15 raised:blue (15)'],
    ],
    [
      'clears at the event time of the next reading',
      [
        [15, 0],
        [20, 0],
        [25, 23],
      ],
      ['15 raised:blue (15)', '23 cleared:- (0)'],
    ],
    [
      'fires again when the sensor falls silent again (a recurrence is never swallowed)',
      [
        [15, 0],
        [25, 23],
        [38, 23],
      ],
      ['15 raised:blue (15)', '23 cleared:- (0)', '38 raised:blue (15)'],
    ],
    [
      'clears and fires again within one tick when the tick comes late',
      [
        [15, 0],
        [60, 23],
      ],
      ['15 raised:blue (15)', '23 cleared:- (0)', '38 raised:blue (15)'],
    ],
    [
      'a late batch that moves the last reading forward but not past the raise clears just after it',
      [
        [15, 0],
        [17, 10],
      ],
      ['15 raised:blue (15)', '15+1ms cleared:- (0)'],
    ],
    ['ignores an asset that never reported and is not watched', [[60, null]], []],
  ])('%s', (_name, list, expected) => {
    expect(ticks(rule, list).found).toEqual(expected);
  });

  it('counts silence from when the asset was registered if it never reported', () => {
    expect(ticks(rule, [[40, null]], 30).found).toEqual([]);
    expect(ticks(rule, [[45, null]], 30).found).toEqual(['45 raised:blue (15)']);
  });

  it('uses the interval of the asset’s kind', () => {
    const mixed = NoDataRuleSchema.parse({
      ...rule,
      expectedIntervalSec: { heat_source: 60, heat_station: 60, indoor_sensor: 600 },
    });
    expect(ticks(mixed, [[29, 0]]).found).toEqual([]);
    expect(ticks(mixed, [[30, 0]]).found).toEqual(['30 raised:blue (30)']);
  });

  it('evaluating the same tick again changes nothing', () => {
    const first = runNoData(rule, 'indoor_sensor', undefined, { now: at(20), lastSeenAt: at(0) });
    const again = runNoData(rule, 'indoor_sensor', first.state, { now: at(20), lastSeenAt: at(0) });
    expect(first.transitions).toHaveLength(1);
    expect(again.transitions).toEqual([]);
    expect(again.state).toBe(first.state);
  });

  it('damps a sensor on a flaky link when the rule says so', () => {
    const damped = NoDataRuleSchema.parse({
      ...rule,
      flap: { maxTransitions: 3, windowMinutes: 120, quietMinutes: 60 },
    });
    // Offline at 15, back at 16, offline at 31, back at 32, offline at 47 …
    const list: Tick[] = [
      [15, 0],
      [16, 16],
      [31, 16],
      [32, 32],
      [47, 32],
      [48, 48],
      [200, 199],
    ];
    expect(ticks(damped, list).found).toEqual([
      '15 raised:blue (15)',
      '16 cleared:- (0)',
      '31 raised:blue (15)',
      '32 changed:blue (0)',
      '108 cleared:- (0)',
    ]);
  });
});
