import { type CaseTimeLimitRule, CaseTimeLimitRuleSchema, DEFAULT_RULES } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import type { AlertState } from '../../alerting/alert-state-machine.js';
import {
  type CaseInput,
  type KeyedTransition,
  caseDueAt,
  runCaseTimeLimit,
} from './case-time-limit.js';

/*
 * Time limits of sanitation cases, evaluated at tick times. Times are Beijing time; 2026-11-23 is a
 * Monday. Transitions are written "case local-time kind:severity".
 */
const bj = (local: string) => Date.parse(`${local}+08:00`);
const show = (t: KeyedTransition) =>
  `${t.key} ${new Date(t.at + 8 * 3_600_000).toISOString().slice(5, 16).replace('T', ' ')} ${t.kind}:${t.severity ?? '-'}`;
const rule = (id: string) => DEFAULT_RULES.find((r) => r.id === id) as CaseTimeLimitRule;
const garbage = rule('case-limit-garbage-pile');
const toilet = rule('case-limit-toilet');

const aCase = (id: string, reported: string, extra: Partial<CaseInput> = {}): CaseInput => ({
  id,
  category: 'garbage_pile',
  status: 'open',
  reportedAt: bj(reported),
  updatedAt: bj(reported),
  closedAt: null,
  lng: 117.196,
  lat: 39.118,
  ...extra,
});
const closed = (at: string): Partial<CaseInput> => ({
  status: 'closed',
  closedAt: bj(at),
  updatedAt: bj(at),
});

/** Runs ticks in order over the case list each tick sees; returns every transition. */
function ticks(r: CaseTimeLimitRule, steps: [now: string, cases: CaseInput[]][]) {
  let states = new Map<string, AlertState>();
  const found: string[] = [];
  for (const [now, cases] of steps) {
    const result = runCaseTimeLimit(r, states, cases, bj(now));
    states = new Map([...states, ...result.states]);
    found.push(...result.transitions.map(show));
  }
  return { found, states };
}

describe('case time limits: due times', () => {
  it.each([
    ['garbage pile: 4 working hours', garbage, '2026-11-23T10:00', '2026-11-23T14:00'],
    ['garbage pile across the night', garbage, '2026-11-23T16:00', '2026-11-24T12:00'],
    ['garbage pile across the weekend', garbage, '2026-11-27T16:30', '2026-11-30T12:30'],
    [
      'dirty street: 5 working hours',
      rule('case-limit-dirty-street'),
      '2026-11-23T13:00',
      '2026-11-24T10:00',
    ],
    [
      'snow and ice reported on Saturday',
      rule('case-limit-road-water-ice'),
      '2026-11-28T08:00',
      '2026-11-30T13:00',
    ],
    ['public toilet: 24 hours, weekends included', toilet, '2026-11-28T08:00', '2026-11-29T08:00'],
    ['other: 72 hours', rule('case-limit-other'), '2026-11-23T10:00', '2026-11-26T10:00'],
  ] as const)('%s', (_name, r, reported, due) => {
    expect(caseDueAt(r, bj(reported))).toBe(bj(due));
  });
});

describe('case time limits: transitions (garbage pile, 4 working hours)', () => {
  it.each<[string, [string, CaseInput[]][], string[]]>([
    ['nothing before the due time', [['2026-11-23T13:59', [aCase('A', '2026-11-23T10:00')]]], []],
    [
      'nothing at the due time itself (past due means after it)',
      [['2026-11-23T14:00', [aCase('A', '2026-11-23T10:00')]]],
      [],
    ],
    [
      'yellow at the due time once the tick sees it past due',
      [['2026-11-23T14:05', [aCase('A', '2026-11-23T10:00')]]],
      ['A 11-23 14:00 raised:yellow'],
    ],
    [
      'raised once however many ticks see it',
      [
        ['2026-11-23T14:05', [aCase('A', '2026-11-23T10:00')]],
        ['2026-11-23T15:00', [aCase('A', '2026-11-23T10:00')]],
        ['2026-11-24T09:00', [aCase('A', '2026-11-23T10:00', { status: 'in_progress' })]],
      ],
      ['A 11-23 14:00 raised:yellow'],
    ],
    [
      'cleared when the case is closed, at its closing time',
      [
        ['2026-11-23T14:05', [aCase('A', '2026-11-23T10:00')]],
        ['2026-11-23T16:00', [aCase('A', '2026-11-23T10:00', closed('2026-11-23T15:30'))]],
      ],
      ['A 11-23 14:00 raised:yellow', 'A 11-23 15:30 cleared:-'],
    ],
    [
      'a case closed in time raises nothing',
      [
        ['2026-11-23T13:00', [aCase('A', '2026-11-23T10:00')]],
        ['2026-11-23T16:00', [aCase('A', '2026-11-23T10:00', closed('2026-11-23T13:30'))]],
      ],
      [],
    ],
    [
      'a case closed late between two ticks raises and clears, both in event time',
      [
        ['2026-11-23T13:00', [aCase('A', '2026-11-23T10:00')]],
        ['2026-11-23T18:00', [aCase('A', '2026-11-23T10:00', closed('2026-11-23T16:10'))]],
      ],
      ['A 11-23 14:00 raised:yellow', 'A 11-23 16:10 cleared:-'],
    ],
    [
      'reported on Friday afternoon: not late over the weekend, late on Monday',
      [
        ['2026-11-29T20:00', [aCase('A', '2026-11-27T16:00')]],
        ['2026-11-30T12:01', [aCase('A', '2026-11-27T16:00')]],
      ],
      ['A 11-30 12:00 raised:yellow'],
    ],
    [
      'a case reopened after its late closing raises again, at its update time',
      [
        ['2026-11-23T16:00', [aCase('A', '2026-11-23T10:00', closed('2026-11-23T15:00'))]],
        [
          '2026-11-24T10:00',
          [aCase('A', '2026-11-23T10:00', { updatedAt: bj('2026-11-24T09:30') })],
        ],
      ],
      ['A 11-23 14:00 raised:yellow', 'A 11-23 15:00 cleared:-', 'A 11-24 09:30 raised:yellow'],
    ],
    [
      'other categories are not this rule’s',
      [['2026-11-25T00:00', [aCase('T', '2026-11-23T10:00', { category: 'toilet' })]]],
      [],
    ],
    [
      'each case is its own key',
      [
        [
          '2026-11-23T15:00',
          [
            aCase('A', '2026-11-23T10:00'),
            aCase('B', '2026-11-23T10:30'),
            aCase('C', '2026-11-23T12:00'),
          ],
        ],
      ],
      ['A 11-23 14:00 raised:yellow', 'B 11-23 14:30 raised:yellow'],
    ],
  ])('%s', (_name, steps, expected) => {
    expect(ticks(garbage, steps).found).toEqual(expected);
  });

  it('keeps no state for cases that never ran late', () => {
    const { states } = ticks(garbage, [
      ['2026-11-23T12:00', [aCase('A', '2026-11-23T10:00')]],
      ['2026-11-23T13:00', [aCase('A', '2026-11-23T10:00', closed('2026-11-23T12:30'))]],
    ]);
    expect(states.size).toBe(0);
  });

  it('evaluating the same tick again changes nothing', () => {
    const cases = [aCase('A', '2026-11-23T10:00')];
    const first = runCaseTimeLimit(garbage, new Map(), cases, bj('2026-11-23T15:00'));
    const again = runCaseTimeLimit(garbage, first.states, cases, bj('2026-11-23T15:00'));
    expect(first.transitions).toHaveLength(1);
    expect(again.transitions).toEqual([]);
  });

  it('follows the rule’s calendar and severity', () => {
    const strict = CaseTimeLimitRuleSchema.parse({
      ...garbage,
      severity: 'orange',
      calendar: { start: '08:00', end: '12:00', holidays: ['2026-11-24'] },
    });
    expect(caseDueAt(strict, bj('2026-11-23T11:00'))).toBe(bj('2026-11-25T11:00'));
    const { found } = ticks(strict, [['2026-11-25T11:01', [aCase('A', '2026-11-23T11:00')]]]);
    expect(found).toEqual(['A 11-25 11:00 raised:orange']);
  });
});
