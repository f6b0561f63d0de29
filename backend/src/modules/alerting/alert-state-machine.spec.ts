import {
  DEFAULT_RULES,
  INDOOR_TEMP_FOR_AN_HOUR,
  type ThresholdRule,
  ThresholdRuleSchema,
} from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import {
  type AlertState,
  type TransitionDraft,
  applyObservation,
  runAlertSequence,
  stepAlert,
  transitionId,
} from './alert-state-machine.js';

/*
 * The alert state machine as a table: readings [minute, value] in event time → transitions written
 * "minute kind:severity", with " ~" when flap damping marks the transition.
 */

const T0 = Date.UTC(2026, 10, 26, 0, 0);
const at = (minute: number) => T0 + minute * 60_000;
const minuteOf = (ts: number) => (ts - T0) / 60_000;

const rule = (base: ThresholdRule, extra: Partial<ThresholdRule>): ThresholdRule =>
  ThresholdRuleSchema.parse({ ...base, ...extra });
const indoor = DEFAULT_RULES.find((r) => r.id === 'indoor-temp-low') as ThresholdRule;
const depth = DEFAULT_RULES.find((r) => r.id === 'underpass-depth') as ThresholdRule;
const { rateRaise: _, ...depthLevelsOnly } = depth;
const plainDepth = ThresholdRuleSchema.parse(depthLevelsOnly);
const indoorHour = INDOOR_TEMP_FOR_AN_HOUR;
const indoorClearHalfHour = rule(indoor, { clearForMinutes: 30 });
const flappy = rule(indoor, {
  flap: { maxTransitions: 4, windowMinutes: 30, quietMinutes: 20 },
});
const flappy3 = rule(indoor, {
  flap: { maxTransitions: 3, windowMinutes: 30, quietMinutes: 20 },
});
const indoorFastFall = rule(indoor, { rateRaise: { deltaPerWindow: 2, windowMinutes: 30 } });

type Readings = readonly (readonly [minute: number, value: number])[];
const points = (readings: Readings) => readings.map(([m, value]) => ({ ts: at(m), value }));
const show = (t: TransitionDraft) =>
  `${minuteOf(t.at)} ${t.kind}:${t.severity ?? '-'}${t.flapping ? ' ~' : ''}`;
const run = (r: ThresholdRule, readings: Readings, initial?: AlertState) =>
  runAlertSequence(initial, r, points(readings));
const transitions = (r: ThresholdRule, readings: Readings) =>
  run(r, readings).transitions.map(show);
/** Readings one minute apart from minute 0. */
const everyMinute = (...values: number[]): Readings => values.map((v, i) => [i, v] as const);
/** Readings every `step` minutes from minute 0. */
const every = (step: number, ...values: number[]): Readings =>
  values.map((v, i) => [i * step, v] as const);

type Case = [name: string, rule: ThresholdRule, readings: Readings, expected: string[]];

describe('threshold: levels and hysteresis (indoor: blue < 18, orange < 16, red < 12, clear ≥ 18.5)', () => {
  it.each<Case>([
    ['stays quiet while warm', indoor, everyMinute(21, 20, 19), []],
    [
      'raises blue when the room drops below 18 °C',
      indoor,
      everyMinute(19, 17.5),
      ['1 raised:blue'],
    ],
    ['raises straight to red on a deep drop', indoor, everyMinute(20, 10), ['1 raised:red']],
    [
      'escalates blue → orange → red and back down',
      indoor,
      everyMinute(17, 15, 11, 15, 17),
      ['0 raised:blue', '1 changed:orange', '2 changed:red', '3 changed:orange', '4 changed:blue'],
    ],
    [
      'keeps the alert in the hysteresis band (18 ≤ t < 18.5)',
      indoor,
      everyMinute(17, 18.2, 18.4, 18.1),
      ['0 raised:blue'],
    ],
    [
      'clears at the clear value',
      indoor,
      everyMinute(17, 18.2, 18.5),
      ['0 raised:blue', '2 cleared:-'],
    ],
    [
      'does not flap on noise around 18 °C',
      indoor,
      everyMinute(17.9, 18.1, 17.9, 18.1, 17.9, 18.2),
      ['0 raised:blue'],
    ],
    [
      'raises again after clearing (a recurrence is never swallowed)',
      indoor,
      everyMinute(17, 19, 17),
      ['0 raised:blue', '1 cleared:-', '2 raised:blue'],
    ],
    [
      'a value in the band does not raise an inactive alert',
      indoor,
      everyMinute(19, 18.2, 18.4),
      [],
    ],
    [
      'walks an underpass through every colour (levels only)',
      plainDepth,
      everyMinute(5, 10, 15, 20, 25, 30),
      ['1 raised:blue', '2 changed:yellow', '3 changed:orange', '4 changed:red'],
    ],
    [
      'keeps an underpass alert until the water is below 8 cm',
      plainDepth,
      everyMinute(12, 9, 8, 7.9),
      ['0 raised:blue', '3 cleared:-'],
    ],
  ])('%s', (_name, r, readings, expected) => {
    expect(transitions(r, readings)).toEqual(expected);
  });
});

describe('threshold: forMinutes (indoor below 18 °C for an hour, readings every 10 minutes)', () => {
  it.each<Case>([
    [
      'duration not met: 50 minutes below, then warm',
      indoorHour,
      every(10, 17, 17, 17, 17, 17, 17, 19),
      [],
    ],
    [
      'duration met: raises at the reading that completes the hour',
      indoorHour,
      every(10, 17, 17, 17, 17, 17, 17, 17),
      ['60 raised:blue'],
    ],
    [
      'raises at the first reading at or after the hour when readings are sparse',
      indoorHour,
      [
        [0, 17],
        [45, 17],
        [75, 17],
      ],
      ['75 raised:blue'],
    ],
    [
      'a brief warm reading restarts the hour',
      indoorHour,
      every(10, 17, 19, 17, 17, 17, 17, 17, 17, 17),
      ['80 raised:blue'],
    ],
    [
      'a reading in the hysteresis band restarts the hour too (the level no longer holds)',
      indoorHour,
      every(10, 17, 17, 17, 18.2, 17, 17, 17, 17, 17, 17, 17),
      ['100 raised:blue'],
    ],
    [
      'raises at the severity reached when the hour is complete',
      indoorHour,
      [
        [0, 17],
        [30, 15],
        [60, 11],
      ],
      ['60 raised:red'],
    ],
    [
      'once raised, severity changes and clearing are immediate',
      indoorHour,
      every(10, 17, 17, 17, 17, 17, 17, 17, 11, 19),
      ['60 raised:blue', '70 changed:red', '80 cleared:-'],
    ],
    [
      'raises again only after another full hour',
      indoorHour,
      every(10, 17, 17, 17, 17, 17, 17, 17, 19, 17, 17, 17, 17, 17, 17, 17),
      ['60 raised:blue', '70 cleared:-', '140 raised:blue'],
    ],
    [
      'forMinutes 0 raises at once (today’s default pack)',
      indoor,
      every(10, 19, 17),
      ['10 raised:blue'],
    ],
  ])('%s', (_name, r, readings, expected) => {
    expect(transitions(r, readings)).toEqual(expected);
  });

  it('carries the wait across batches in the saved state', () => {
    const first = run(indoorHour, every(10, 17, 17, 17, 17));
    expect(first.transitions).toEqual([]);
    expect(first.state?.pendingSince).toBe(at(0));
    const second = run(
      indoorHour,
      [
        [40, 17],
        [50, 17],
        [60, 17],
      ],
      first.state,
    );
    expect(second.transitions.map(show)).toEqual(['60 raised:blue']);
    expect(second.state?.pendingSince).toBeUndefined();
  });
});

describe('threshold: clearForMinutes (the clear condition must hold 30 minutes)', () => {
  it.each<Case>([
    [
      'clears once the room has been warm for half an hour',
      indoorClearHalfHour,
      every(10, 17, 19, 19, 19, 19),
      ['0 raised:blue', '40 cleared:-'],
    ],
    [
      'a cold reading during the wait restarts it',
      indoorClearHalfHour,
      every(10, 17, 19, 19, 17, 19, 19, 19, 19),
      ['0 raised:blue', '70 cleared:-'],
    ],
    [
      'a reading in the band during the wait restarts it as well',
      indoorClearHalfHour,
      every(10, 17, 19, 18.2, 19, 19, 19, 19),
      ['0 raised:blue', '60 cleared:-'],
    ],
    [
      'severity still follows the level while waiting to clear',
      indoorClearHalfHour,
      every(10, 17, 19, 11),
      ['0 raised:blue', '20 changed:red'],
    ],
  ])('%s', (_name, r, readings, expected) => {
    expect(transitions(r, readings)).toEqual(expected);
  });
});

describe('threshold: rateRaise (underpass: more than 5 cm within 10 minutes raises one level)', () => {
  it.each<Case>([
    [
      'a slow rise follows the levels only',
      depth,
      every(10, 8, 10, 12, 15),
      ['10 raised:blue', '30 changed:yellow'],
    ],
    [
      'a fast rise raises one level: 9 → 16 cm in 5 minutes is orange, not yellow',
      depth,
      [
        [0, 9],
        [5, 16],
      ],
      ['5 raised:orange'],
    ],
    [
      'exactly 5 cm is not more than 5 cm',
      depth,
      [
        [0, 10],
        [10, 15],
      ],
      ['0 raised:blue', '10 changed:yellow'],
    ],
    [
      'back down one level when the rise slows (the window slides past the low point)',
      depth,
      [
        [0, 9],
        [5, 16],
        [10, 16.5],
        [20, 17],
      ],
      ['5 raised:orange', '20 changed:yellow'],
    ],
    [
      'the window is 10 minutes: the same rise over 11 minutes is not fast',
      depth,
      [
        [0, 9],
        [11, 16],
      ],
      ['11 raised:yellow'],
    ],
    [
      'counts the rise from the lowest point in the window',
      depth,
      [
        [0, 12],
        [3, 10],
        [6, 16],
      ],
      ['0 raised:blue', '6 changed:orange'],
    ],
    [
      'capped at red',
      depth,
      [
        [0, 20],
        [5, 30],
      ],
      ['0 raised:orange', '5 changed:red'],
    ],
    [
      'a fast rise below the first level raises nothing',
      depth,
      [
        [0, 0],
        [5, 9],
      ],
      [],
    ],
    [
      'a fast fall towards danger for a `below` rule (indoor: more than 2 °C in 30 minutes)',
      indoorFastFall,
      [
        [0, 17.5],
        [10, 15.2],
        [60, 15.2],
      ],
      ['0 raised:blue', '10 changed:red', '60 changed:orange'],
    ],
  ])('%s', (_name, r, readings, expected) => {
    expect(transitions(r, readings)).toEqual(expected);
  });

  it('keeps only the readings inside the rate window in the state', () => {
    const { state } = run(depth, every(5, 1, 2, 3, 4, 5, 6));
    expect(state?.recent).toEqual([
      [at(15), 4],
      [at(20), 5],
      [at(25), 6],
    ]);
  });

  it('carries the window across batches', () => {
    const first = run(depth, [[0, 9]]);
    const second = run(depth, [[5, 16]], first.state);
    expect(second.transitions.map(show)).toEqual(['5 raised:orange']);
  });
});

describe('threshold: flap damping (more than 4 flips in 30 minutes; quiet for 20 minutes)', () => {
  it.each<Case>([
    [
      'the flip that exceeds the limit goes out marked, then the alert stays raised',
      flappy,
      [...everyMinute(17, 19, 17, 19, 17, 19, 17, 19), [27, 19]],
      [
        '0 raised:blue',
        '1 cleared:-',
        '2 raised:blue',
        '3 cleared:-',
        '4 raised:blue ~',
        '27 cleared:-',
      ],
    ],
    [
      'a clear that exceeds the limit is held back and the open alert marked instead',
      flappy3,
      [...everyMinute(17, 19, 17, 19, 17, 19), [25, 19]],
      ['0 raised:blue', '1 cleared:-', '2 raised:blue', '3 changed:blue ~', '25 cleared:-'],
    ],
    [
      'the quiet period counts from the last flip, in event time',
      flappy,
      [...everyMinute(17, 19, 17, 19, 17, 19), [20, 19], [24, 19], [25, 19]],
      [
        '0 raised:blue',
        '1 cleared:-',
        '2 raised:blue',
        '3 cleared:-',
        '4 raised:blue ~',
        '25 cleared:-',
      ],
    ],
    [
      'a condition still active when the quiet period ends keeps the alert, unmarked',
      flappy,
      [...everyMinute(17, 19, 17, 19, 17), [24, 17], [30, 19]],
      [
        '0 raised:blue',
        '1 cleared:-',
        '2 raised:blue',
        '3 cleared:-',
        '4 raised:blue ~',
        '30 cleared:-',
      ],
    ],
    [
      'a new severity while flapping goes out, marked',
      flappy,
      [...everyMinute(17, 19, 17, 19, 17, 19, 11), [30, 19]],
      [
        '0 raised:blue',
        '1 cleared:-',
        '2 raised:blue',
        '3 cleared:-',
        '4 raised:blue ~',
        '6 changed:red ~',
        '30 cleared:-',
      ],
    ],
    [
      'flips spread wider than the window are not a flap',
      flappy,
      every(10, 17, 19, 17, 19, 17, 19, 17),
      [
        '0 raised:blue',
        '10 cleared:-',
        '20 raised:blue',
        '30 cleared:-',
        '40 raised:blue',
        '50 cleared:-',
        '60 raised:blue',
      ],
    ],
    [
      'after a quiet period the count starts again',
      flappy,
      [...everyMinute(17, 19, 17, 19, 17, 19), [30, 17], [31, 19]],
      [
        '0 raised:blue',
        '1 cleared:-',
        '2 raised:blue',
        '3 cleared:-',
        '4 raised:blue ~',
        '25 cleared:-',
        '30 raised:blue',
        '31 cleared:-',
      ],
    ],
    [
      'severity changes are not flips',
      flappy,
      everyMinute(17, 15, 17, 15, 17, 15, 17, 19),
      [
        '0 raised:blue',
        '1 changed:orange',
        '2 changed:blue',
        '3 changed:orange',
        '4 changed:blue',
        '5 changed:orange',
        '6 changed:blue',
        '7 cleared:-',
      ],
    ],
  ])('%s', (_name, r, readings, expected) => {
    expect(transitions(r, readings)).toEqual(expected);
  });

  it('remembers the flap in the state', () => {
    const { state } = run(flappy, everyMinute(17, 19, 17, 19, 17, 19));
    expect(state).toMatchObject({
      active: true,
      severity: 'blue',
      flap: { flapping: true, lastFlipAt: at(5), condition: { active: false, severity: null } },
    });
  });
});

describe('event time: a late or shuffled burst gives the same transitions as in-order delivery', () => {
  const shuffle = <T>(items: readonly T[]): T[] => {
    // Deterministic: reverse, then interleave halves.
    const reversed = [...items].reverse();
    const half = Math.ceil(reversed.length / 2);
    return reversed
      .slice(0, half)
      .flatMap((x, i) => [x, ...(reversed[half + i] !== undefined ? [reversed[half + i]!] : [])]);
  };

  it.each<[string, ThresholdRule, Readings]>([
    ['levels and hysteresis', indoor, everyMinute(19, 11, 17, 18.2, 19, 15)],
    ['duration', indoorHour, every(10, 17, 17, 19, 17, 17, 17, 17, 17, 17, 17, 11)],
    [
      'rate raise',
      depth,
      [
        [0, 9],
        [5, 16],
        [10, 16.5],
        [20, 17],
        [25, 26],
        [40, 7],
      ],
    ],
    ['flap damping', flappy, [...everyMinute(17, 19, 17, 19, 17, 19, 11), [30, 19]]],
  ])('%s', (_name, r, readings) => {
    const inOrder = run(r, readings).transitions;
    const burst = runAlertSequence(undefined, r, shuffle(points(readings))).transitions;
    expect(inOrder.length).toBeGreaterThan(0);
    expect(burst).toEqual(inOrder);
  });

  it('keeps the peak of a late burst', () => {
    const burst = [
      { ts: at(3), value: 19 },
      { ts: at(1), value: 11 },
      { ts: at(0), value: 19 },
      { ts: at(2), value: 17 },
    ];
    const { transitions: found } = runAlertSequence(undefined, indoor, burst);
    expect(found.map((t) => [t.kind, t.severity, t.at])).toEqual([
      ['raised', 'red', at(1)],
      ['changed', 'blue', at(2)],
      ['cleared', null, at(3)],
    ]);
  });

  it('ignores a reading that is not newer than the last one applied', () => {
    const first = stepAlert(undefined, indoor, { ts: at(5), value: 15 });
    expect(first.transitions.map(show)).toEqual(['5 raised:orange']);
    const replay = stepAlert(first.state, indoor, { ts: at(5), value: 15 });
    const older = stepAlert(first.state, indoor, { ts: at(4), value: 25 });
    expect(replay.transitions).toEqual([]);
    expect(older.transitions).toEqual([]);
    expect(older.state).toBe(first.state);
  });

  it('gives no transitions when a batch is replayed from the saved state', () => {
    for (const r of [indoor, indoorHour, depth, flappy]) {
      const readings = points(every(10, 17, 15, 19, 11, 19, 17, 17, 17, 17, 17, 17, 17));
      const once = runAlertSequence(undefined, r, readings);
      const again = runAlertSequence(once.state, r, readings);
      expect(once.transitions.length).toBeGreaterThan(0);
      expect(again.transitions).toEqual([]);
    }
  });
});

describe('transitions', () => {
  it('record the severity they leave, the value and the event time', () => {
    const { transitions: found } = runAlertSequence(undefined, indoor, points(everyMinute(11, 19)));
    expect(found).toEqual([
      {
        kind: 'raised',
        severity: 'red',
        previousSeverity: null,
        at: at(0),
        value: 11,
        flapping: false,
      },
      {
        kind: 'cleared',
        severity: null,
        previousSeverity: 'red',
        at: at(1),
        value: 19,
        flapping: false,
      },
    ]);
  });

  it('keep the state of a plain rule as small as it always was', () => {
    const { state } = runAlertSequence(undefined, indoor, points(everyMinute(17, 15)));
    expect(state).toEqual({
      active: true,
      severity: 'orange',
      since: at(0),
      lastTs: at(1),
      lastValue: 15,
    });
  });
});

describe('applyObservation (the machine every rule kind feeds)', () => {
  const immediate = { forMs: 0, clearForMs: 0 };
  it('raises, changes and clears on observations', () => {
    const a = applyObservation(
      undefined,
      { at: at(0), value: 1, severity: 'yellow', clear: false },
      immediate,
    );
    const b = applyObservation(
      a.state,
      { at: at(1), value: 2, severity: 'red', clear: false },
      immediate,
    );
    const c = applyObservation(
      b.state,
      { at: at(2), value: 0, severity: null, clear: true },
      immediate,
    );
    expect([...a.transitions, ...b.transitions, ...c.transitions].map(show)).toEqual([
      '0 raised:yellow',
      '1 changed:red',
      '2 cleared:-',
    ]);
    expect(c.state).toMatchObject({ active: false, severity: null, since: null, lastTs: at(2) });
  });

  it('keeps an active alert when the level is gone but the clear condition does not hold', () => {
    const a = applyObservation(
      undefined,
      { at: at(0), value: 1, severity: 'blue', clear: false },
      immediate,
    );
    const b = applyObservation(
      a.state,
      { at: at(1), value: 1, severity: null, clear: false },
      immediate,
    );
    expect(b.transitions).toEqual([]);
    expect(b.state).toMatchObject({ active: true, severity: 'blue', since: at(0) });
  });
});

describe('transitionId', () => {
  it('is deterministic and distinguishes kind, time and severity', () => {
    const t = { kind: 'raised', at: at(1), severity: 'blue' as const };
    expect(transitionId('r', 'a', t)).toBe(transitionId('r', 'a', { ...t }));
    expect(transitionId('r', 'a', t)).toBe(`r|a|${at(1)}|raised|blue`);
    expect(transitionId('r', 'a', t)).not.toBe(transitionId('r', 'a', { ...t, severity: 'red' }));
    expect(transitionId('r', 'a', t)).not.toBe(transitionId('r', 'a', { ...t, at: at(2) }));
    expect(transitionId('r', 'a', t)).not.toBe(transitionId('r', 'a', { ...t, kind: 'changed' }));
  });
});
