import { type CaseClusterRule, DEFAULT_RULES } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import type { AlertState } from '../../alerting/alert-state-machine.js';
import { type CaseInput, type KeyedTransition } from './case-time-limit.js';
import { clusterKey, findClusters, runCaseClusters } from './case-cluster.js';
import { geohash, haversineM } from './geo.js';

/*
 * Case clusters: 3 or more open cases within 200 m of each other, reported within 60 minutes of
 * each other (the default rule). Cases are placed in metres east/north of a point in 和平区;
 * times are minutes after 08:00. Transitions are written "minute kind:severity (cases)".
 */
const rule = DEFAULT_RULES.find((r) => r.id === 'case-cluster') as CaseClusterRule;
const T0 = Date.parse('2026-11-23T08:00:00+08:00');
const at = (minute: number) => T0 + minute * 60_000;
const ORIGIN: [number, number] = [117.2, 39.12];
const M_PER_DEG_LAT = 111_320;
const M_PER_DEG_LNG = 111_320 * Math.cos((ORIGIN[1] * Math.PI) / 180);

/** A case `east`/`north` metres from the origin, reported at `minute`. */
const aCase = (
  id: string,
  east: number,
  north: number,
  minute: number,
  extra: Partial<CaseInput> = {},
): CaseInput => ({
  id,
  category: 'garbage_pile',
  status: 'open',
  reportedAt: at(minute),
  updatedAt: at(minute),
  closedAt: null,
  lng: ORIGIN[0] + east / M_PER_DEG_LNG,
  lat: ORIGIN[1] + north / M_PER_DEG_LAT,
  ...extra,
});
const close = (c: CaseInput, minute: number): CaseInput => ({
  ...c,
  status: 'closed',
  closedAt: at(minute),
  updatedAt: at(minute),
});
const show = (t: KeyedTransition) =>
  `${(t.at - T0) / 60_000} ${t.kind}:${t.severity ?? '-'} (${t.value})`;
const ids = (clusters: CaseInput[][]) => clusters.map((c) => c.map((x) => x.id).join(','));

describe('geo', () => {
  it('measures great-circle distances', () => {
    expect(haversineM([117.2, 39.12], [117.2, 39.12])).toBe(0);
    // One degree of latitude is about 111.2 km.
    expect(haversineM([117.2, 39], [117.2, 40]) / 1000).toBeCloseTo(111.19, 1);
    const a = aCase('a', 0, 0, 0);
    const b = aCase('b', 150, 0, 0);
    expect(haversineM([a.lng, a.lat], [b.lng, b.lat])).toBeCloseTo(150, 0);
  });

  it('encodes geohashes', () => {
    expect(geohash(-5.6, 42.6, 5)).toBe('ezs42');
    expect(geohash(117.2, 39.12)).toHaveLength(7);
    expect(geohash(117.2, 39.12, 5)).toBe('wwgqd');
  });
});

describe('findClusters (3 cases, 200 m, 60 min)', () => {
  it.each<[string, CaseInput[], string[]]>([
    ['two cases are not a cluster', [aCase('a', 0, 0, 0), aCase('b', 50, 0, 5)], []],
    [
      'three cases within 200 m and an hour are',
      [aCase('a', 0, 0, 0), aCase('b', 120, 0, 10), aCase('c', 0, 150, 20)],
      ['a,b,c'],
    ],
    [
      'too far apart in space',
      [aCase('a', 0, 0, 0), aCase('b', 250, 0, 10), aCase('c', 500, 0, 20)],
      [],
    ],
    [
      'too far apart in time (reported more than 60 minutes from the others)',
      [aCase('a', 0, 0, 0), aCase('b', 10, 0, 70), aCase('c', 20, 0, 140)],
      [],
    ],
    [
      'a chain of close cases grows one cluster',
      [
        aCase('a', 0, 0, 0),
        aCase('b', 150, 0, 5),
        aCase('c', 300, 0, 10),
        aCase('d', 450, 0, 15),
        aCase('e', 600, 0, 20),
      ],
      ['a,b,c,d,e'],
    ],
    [
      'two places at once are two clusters',
      [
        aCase('a', 0, 0, 0),
        aCase('b', 50, 0, 1),
        aCase('c', 0, 50, 2),
        aCase('x', 3000, 0, 0),
        aCase('y', 3050, 0, 1),
        aCase('z', 3000, 50, 2),
      ],
      ['a,b,c', 'x,y,z'],
    ],
    [
      'a lone case beside a cluster stays out of it',
      [aCase('a', 0, 0, 0), aCase('b', 50, 0, 1), aCase('c', 0, 50, 2), aCase('far', 400, 0, 3)],
      ['a,b,c'],
    ],
  ])('%s', (_name, cases, expected) => {
    expect(ids(findClusters(cases, rule))).toEqual(expected);
    // The order the cases arrive in does not matter.
    expect(ids(findClusters([...cases].reverse(), rule))).toEqual(expected);
  });
});

/** Runs ticks over the case list each tick sees; every transition with its key. */
function ticks(steps: [now: number, cases: CaseInput[]][]) {
  let states = new Map<string, AlertState>();
  const found: KeyedTransition[] = [];
  for (const [now, cases] of steps) {
    const result = runCaseClusters(rule, states, cases, at(now));
    states = new Map([...states, ...result.states]);
    found.push(...result.transitions);
  }
  return { found, states, shown: found.map(show), keys: [...new Set(found.map((t) => t.key))] };
}

describe('case clusters: forming, growing, dissolving', () => {
  const a = aCase('SC-1', 0, 0, 0);
  const b = aCase('SC-2', 80, 20, 10);
  const c = aCase('SC-3', 30, 90, 25);
  const d = aCase('SC-4', 60, 60, 40);

  it('forms orange at the report time of the third case', () => {
    const run = ticks([
      [5, [a]],
      [15, [a, b]],
      [30, [a, b, c]],
    ]);
    expect(run.shown).toEqual(['25 raised:orange (3)']);
    expect(run.keys).toEqual([clusterKey([a, b, c])]);
    expect(run.states.get(run.keys[0]!)?.members).toEqual(['SC-1', 'SC-2', 'SC-3']);
  });

  it('grows under the same key without a new transition', () => {
    const run = ticks([
      [30, [a, b, c]],
      [45, [a, b, c, d]],
    ]);
    expect(run.shown).toEqual(['25 raised:orange (3)']);
    const key = run.keys[0]!;
    expect(run.states.get(key)?.members).toEqual(['SC-1', 'SC-2', 'SC-3', 'SC-4']);
  });

  it('keeps its key while members close as long as enough stay open', () => {
    const run = ticks([
      [45, [a, b, c, d]],
      [60, [close(a, 50), b, c, d]],
    ]);
    expect(run.shown).toEqual(['25 raised:orange (4)']);
    expect(run.states.get(run.keys[0]!)?.members).toEqual(['SC-2', 'SC-3', 'SC-4']);
  });

  it('dissolves when it falls below three open cases, at the closing time that did it', () => {
    const run = ticks([
      [45, [a, b, c, d]],
      [60, [close(a, 50), b, c, d]],
      [90, [b, close(c, 70), close(d, 80)]],
    ]);
    expect(run.shown).toEqual(['25 raised:orange (4)', '80 cleared:- (1)']);
    expect(run.keys).toHaveLength(1);
  });

  it('forms again at the same place after dissolving (a new incident, never swallowed)', () => {
    const e = aCase('SC-5', 10, 10, 100);
    const f = aCase('SC-6', 20, 0, 105);
    const g = aCase('SC-7', 0, 20, 110);
    const run = ticks([
      [30, [a, b, c]],
      [40, [close(a, 35), b, c]],
      [120, [e, f, g]],
    ]);
    expect(run.shown).toEqual([
      '25 raised:orange (3)',
      '35 cleared:- (2)',
      '110 raised:orange (3)',
    ]);
    expect(run.keys).toEqual([clusterKey([a, b, c])]);
  });

  it('raises at the moment the third case came, even when the tick sees four at once', () => {
    expect(ticks([[60, [d, c, b, a]]]).shown).toEqual(['25 raised:orange (4)']);
  });

  it('keeps two clusters apart, each with its own key', () => {
    const far = (id: string, minute: number, dx: number) => aCase(id, 5000 + dx, 0, minute);
    const run = ticks([[30, [a, b, c, far('X-1', 0, 0), far('X-2', 5, 40), far('X-3', 6, 80)]]]);
    expect(run.shown).toEqual(['25 raised:orange (3)', '6 raised:orange (3)']);
    expect(run.keys).toHaveLength(2);
  });

  it('counts only the rule’s categories and open cases', () => {
    const toilet = { ...c, category: 'toilet' as const };
    const onlyDefault = { ...rule, categories: ['garbage_pile' as const] };
    const result = runCaseClusters(onlyDefault, new Map(), [a, b, toilet], at(30));
    expect(result.transitions).toEqual([]);
  });

  it('evaluating the same tick again changes nothing', () => {
    const cases = [a, b, c];
    const first = runCaseClusters(rule, new Map(), cases, at(30));
    const again = runCaseClusters(rule, first.states, cases, at(30));
    expect(first.transitions).toHaveLength(1);
    expect(again.transitions).toEqual([]);
  });
});
