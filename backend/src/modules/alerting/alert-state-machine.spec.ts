import { DEFAULT_RULES, type ThresholdRule } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { runAlertSequence, stepAlert, transitionId } from './alert-state-machine.js';

const indoor = DEFAULT_RULES.find((r) => r.id === 'indoor-temp-low') as ThresholdRule;
const depth = DEFAULT_RULES.find((r) => r.id === 'underpass-depth') as ThresholdRule;

const at = (minute: number) => Date.UTC(2026, 10, 26, 0, minute);
const series = (...values: number[]) => values.map((value, i) => ({ ts: at(i), value }));
const kinds = (rule: ThresholdRule, ...values: number[]) =>
  runAlertSequence(undefined, rule, series(...values)).transitions.map(
    (t) => `${t.kind}:${t.severity ?? '-'}`,
  );

describe('alert state machine (table: readings in event time → transitions)', () => {
  it.each([
    ['stays quiet while warm', indoor, [21, 20, 19], []],
    ['raises blue when the room drops below 18 °C', indoor, [19, 17.5], ['raised:blue']],
    ['raises straight to red on a deep drop', indoor, [20, 10], ['raised:red']],
    [
      'escalates blue → orange → red and back down',
      indoor,
      [17, 15, 11, 15, 17],
      ['raised:blue', 'changed:orange', 'changed:red', 'changed:orange', 'changed:blue'],
    ],
    [
      'keeps the alert in the hysteresis band (18 ≤ t < 18.5)',
      indoor,
      [17, 18.2, 18.4, 18.1],
      ['raised:blue'],
    ],
    ['clears at the clear value', indoor, [17, 18.2, 18.5], ['raised:blue', 'cleared:-']],
    [
      'does not flap on noise around 18 °C',
      indoor,
      [17.9, 18.1, 17.9, 18.1, 17.9, 18.2],
      ['raised:blue'],
    ],
    [
      'raises again after clearing (a recurrence is never swallowed)',
      indoor,
      [17, 19, 17],
      ['raised:blue', 'cleared:-', 'raised:blue'],
    ],
    [
      'walks an underpass through every colour',
      depth,
      [5, 10, 15, 20, 25, 30],
      ['raised:blue', 'changed:yellow', 'changed:orange', 'changed:red'],
    ],
    [
      'keeps an underpass alert until the water is below 8 cm',
      depth,
      [12, 9, 8, 7.9],
      ['raised:blue', 'cleared:-'],
    ],
  ] as const)('%s', (_, rule, values, expected) => {
    expect(kinds(rule, ...values)).toEqual(expected);
  });

  it('evaluates a late burst in event time, so its peak is not lost', () => {
    const burst = [
      { ts: at(3), value: 19 },
      { ts: at(1), value: 11 },
      { ts: at(0), value: 19 },
      { ts: at(2), value: 17 },
    ];
    const { transitions } = runAlertSequence(undefined, indoor, burst);
    expect(transitions.map((t) => [t.kind, t.severity, t.at])).toEqual([
      ['raised', 'red', at(1)],
      ['changed', 'blue', at(2)],
      ['cleared', null, at(3)],
    ]);
  });

  it('ignores a reading that is not newer than the last one applied', () => {
    const first = stepAlert(undefined, indoor, { ts: at(5), value: 15 });
    expect(first.transition?.kind).toBe('raised');
    const replay = stepAlert(first.state, indoor, { ts: at(5), value: 15 });
    const older = stepAlert(first.state, indoor, { ts: at(4), value: 25 });
    expect(replay.transition).toBeNull();
    expect(older.transition).toBeNull();
    expect(older.state).toBe(first.state);
  });

  it('gives the same transitions when a batch is replayed from the saved state', () => {
    const readings = series(17, 15, 19);
    const once = runAlertSequence(undefined, indoor, readings);
    const again = runAlertSequence(once.state, indoor, readings);
    expect(once.transitions).toHaveLength(3);
    expect(again.transitions).toEqual([]);
  });

  it('records the severity it leaves when it clears', () => {
    const { transitions } = runAlertSequence(undefined, indoor, series(11, 19));
    expect(transitions[1]).toMatchObject({
      kind: 'cleared',
      previousSeverity: 'red',
      severity: null,
    });
  });
});

describe('transitionId', () => {
  it('is deterministic and distinguishes kind, time and severity', () => {
    const t = { kind: 'raised', at: at(1), severity: 'blue' as const };
    expect(transitionId('r', 'a', t)).toBe(transitionId('r', 'a', { ...t }));
    expect(transitionId('r', 'a', t)).not.toBe(transitionId('r', 'a', { ...t, severity: 'red' }));
    expect(transitionId('r', 'a', t)).not.toBe(transitionId('r', 'a', { ...t, at: at(2) }));
  });
});
