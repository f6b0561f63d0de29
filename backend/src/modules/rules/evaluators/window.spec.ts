import { DEFAULT_RULES, type WindowRule, WindowRuleSchema } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import type { AlertState, TransitionDraft } from '../../alerting/alert-state-machine.js';
import {
  aggregateWindow,
  observeWindows,
  runWindow,
  windowAggregates,
  windowsOf,
} from './window.js';

/*
 * Window rules: the CMA rainstorm signals over a rain gauge's intensity (mm/h), integrated over
 * 12, 6 and 3 hours. Hourly samples; the rule is evaluated at each sample. Transitions are written
 * "hour kind:severity (mm)".
 */
const T0 = Date.UTC(2026, 6, 20, 0, 0);
const HOUR = 3_600_000;
const hour = (h: number) => T0 + h * HOUR;
const rainstorm = DEFAULT_RULES.find((r) => r.id === 'rainstorm-signal') as WindowRule;
const show = (t: TransitionDraft) =>
  `${(t.at - T0) / HOUR}h ${t.kind}:${t.severity ?? '-'} (${t.value})`;

/** Intensity (mm/h) sampled at hours 0, 1, 2, … */
const hourly = (...mmPerHour: number[]) => mmPerHour.map((value, h) => ({ ts: hour(h), value }));

/** Evaluates the rule at every sample, one tick per hour, carrying the state. */
function storm(rule: WindowRule, samples: { ts: number; value: number }[], extraHours = 0) {
  let state: AlertState | undefined;
  const found: string[] = [];
  const last = samples.length - 1 + extraHours;
  for (let h = 0; h <= last; h++) {
    const known = samples.filter((p) => p.ts <= hour(h));
    const result = runWindow(rule, state, [windowAggregates(rule, known, hour(h))]);
    state = result.state;
    found.push(...result.transitions.map(show));
  }
  return found;
}

describe('aggregateWindow', () => {
  const points = [
    { ts: hour(0), value: 10 },
    { ts: hour(1), value: 20 },
    { ts: hour(2), value: 0 },
    { ts: hour(3), value: 30 },
  ];
  it.each([
    ['sum', 3, 60],
    ['mean', 3, 15],
    ['max', 3, 30],
    ['integral', 3, 15 + 10 + 15],
    ['sum', 1, 30],
    ['integral', 1, 15],
    ['integral', 0.5, 0],
  ] as const)('%s over %s h', (aggregate, hours, expected) => {
    expect(aggregateWindow(points, aggregate, hour(3), hours)).toBe(expected);
  });

  it('includes both ends of the window and ignores points after it', () => {
    expect(aggregateWindow(points, 'sum', hour(2), 1)).toBe(20);
    expect(aggregateWindow(points, 'sum', hour(2), 2)).toBe(30);
  });

  it('is null for an empty window, whatever the order of the points', () => {
    expect(aggregateWindow(points, 'max', hour(10), 2)).toBeNull();
    expect(aggregateWindow([...points].reverse(), 'integral', hour(3), 3)).toBe(40);
  });

  it('needs the rule’s distinct windows, longest first', () => {
    expect(windowsOf(rainstorm)).toEqual([12, 6, 3]);
  });
});

describe('window: CMA rainstorm signals (blue 50 mm/12 h, yellow 50 mm/6 h, orange 50 mm/3 h, red 100 mm/3 h)', () => {
  it.each<[string, number[], number, string[]]>([
    ['a dry day', [0, 0, 0, 0, 0, 0], 0, []],
    [
      'light rain all day (4 mm/h: 48 mm in 12 h) stays below every signal',
      Array(14).fill(4),
      0,
      [],
    ],
    [
      'steady 5 mm/h: 50 mm after 10 h is blue; clears when the 12 h total falls below 50 mm',
      [...Array(11).fill(5), 0],
      12,
      ['10h raised:blue (50)', '13h cleared:- (47.5)'],
    ],
    [
      'steady 10 mm/h: 50 mm in 5 h is yellow at once',
      [0, 10, 10, 10, 10, 10, 10],
      0,
      ['6h raised:yellow (55)'],
    ],
    ['20 mm/h: 50 mm within 3 h is orange', [20, 20, 20, 20], 0, ['3h raised:orange (60)']],
    [
      '40 mm/h: orange after 2 h, red (100 mm in 3 h) after 3 h',
      [40, 40, 40, 40],
      0,
      ['2h raised:orange (80)', '3h changed:red (120)'],
    ],
    [
      'a storm that builds up through every signal and dies away',
      [6, 6, 6, 6, 6, 6, 6, 6, 6, 12, 30, 40, 45, 45, 0],
      12,
      [
        '9h raised:blue (57)',
        '10h changed:yellow (54)',
        '11h changed:orange (65)',
        '13h changed:red (122.5)',
        '15h changed:orange (67.5)',
        '16h changed:yellow (145)',
        '19h changed:blue (181)',
        '25h cleared:- (22.5)',
      ],
    ],
  ])('%s', (_name, mm, extra, expected) => {
    expect(storm(rainstorm, hourly(...mm), extra)).toEqual(expected);
  });

  it('takes the aggregates of one grouped query as they come (a missing window is no data)', () => {
    const result = runWindow(rainstorm, undefined, [
      {
        at: hour(1),
        aggregates: new Map([
          [12, 55],
          [6, 20],
          [3, null],
        ]),
      },
      {
        at: hour(2),
        aggregates: new Map([
          [12, 120],
          [6, 120],
          [3, 101],
        ]),
      },
      { at: hour(3), aggregates: new Map([[12, 120]]) },
    ]);
    expect(result.transitions.map(show)).toEqual([
      '1h raised:blue (55)',
      '2h changed:red (101)',
      '3h changed:blue (120)',
    ]);
  });

  it('gives the same transitions for evaluations delivered late and out of order', () => {
    const samples = hourly(6, 6, 6, 6, 6, 6, 6, 6, 6, 12, 30, 40, 45, 45, 0);
    const inputs = Array.from({ length: 27 }, (_, h) =>
      windowAggregates(rainstorm, samples, hour(h)),
    );
    const inOrder = runWindow(rainstorm, undefined, inputs).transitions;
    const shuffled = runWindow(rainstorm, undefined, [...inputs].reverse()).transitions;
    expect(inOrder).toHaveLength(8);
    expect(shuffled).toEqual(inOrder);
  });

  it('holds a signal for forMinutes before raising it, when the rule asks', () => {
    const held = WindowRuleSchema.parse({ ...rainstorm, forMinutes: 120 });
    const tick = (h: number, mm3: number) => ({
      at: hour(h),
      aggregates: new Map([
        [12, mm3],
        [6, mm3],
        [3, mm3],
      ]),
    });
    // A short burst over 50 mm in 3 h, a dip under every signal, then a sustained one.
    const result = runWindow(held, undefined, [
      tick(1, 60),
      tick(2, 40),
      tick(3, 55),
      tick(4, 55),
      tick(5, 110),
    ]);
    expect(result.transitions.map(show)).toEqual(['5h raised:red (110)']);
  });
});

describe('window: other aggregates and directions', () => {
  const coldDay = WindowRuleSchema.parse({
    id: 'indoor-cold-day',
    name: 'Cold for a day',
    domain: 'heating',
    type: 'window',
    metric: 'indoorTempC',
    assetKinds: ['indoor_sensor'],
    aggregate: 'mean',
    direction: 'below',
    levels: [
      { severity: 'yellow', windowHours: 24, value: 18 },
      { severity: 'orange', windowHours: 24, value: 16 },
    ],
    title: '{asset}: {value} °C on average',
  });

  it.each([
    [20, null],
    [18.1, null],
    [18, 'yellow'],
    [16.5, 'yellow'],
    [16, 'orange'],
  ] as const)('a 24 h mean of %s °C is %s', (mean, severity) => {
    const obs = observeWindows(coldDay, { at: hour(24), aggregates: new Map([[24, mean]]) });
    expect(obs).toEqual({ at: hour(24), value: mean, severity, clear: severity === null });
  });
});
