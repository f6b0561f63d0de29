import {
  DEFAULT_RULES,
  type NoDataRule,
  type ThresholdRule,
  type WindowRule,
} from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { runAlertSequence } from '../../alerting/alert-state-machine.js';
import { runWindow, windowAggregates } from '../evaluators/window.js';
import { BacktestEngine, type SeriesRun } from './backtest-engine.js';
import { chunkQuery, parseSeriesKey, planChunks, seriesQuery } from './backtest-query.js';
import { assembleIncidents } from './backtest-result.js';
import { windowInputsAt } from './window-inputs.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.parse('2026-07-20T00:00:00Z');
const rule = <R>(id: string) => DEFAULT_RULES.find((r) => r.id === id) as R;
const underpass = rule<ThresholdRule>('underpass-depth');
const rainstorm = rule<WindowRule>('rainstorm-signal');
const offline = rule<NoDataRule>('waterlogging-sensor-offline');
const tags = { assetId: 'WL-0001', district: '120101', kind: 'underpass' as const };

/** Runs an engine over [from, to) in chunks of `size`, feeding one series' points. */
function run(
  r: ThresholdRule | WindowRule | NoDataRule,
  points: { ts: number; value: number }[],
  from: number,
  to: number,
  size: number,
  seriesTags = tags,
): SeriesRun[] {
  const engine = new BacktestEngine(r);
  for (let start = from; start < to; start += size) {
    const end = Math.min(to, start + size);
    const inside = points.filter((p) => p.ts >= start && p.ts < end);
    engine.chunk(
      start,
      end,
      new Map(inside.length ? [[seriesTags.assetId, { tags: seriesTags, points: inside }]] : []),
    );
  }
  return engine.finish();
}

/** A flood in the FloodNet style: 1-minute steps, depth in inches (rise, crest, fall) → cm. */
function flood(inches: number[], start = T0 + HOUR): { ts: number; value: number }[] {
  return inches.map((inch, i) => ({
    ts: start + i * MIN,
    value: Math.round(inch * 2.54 * 100) / 100,
  }));
}

describe('backtest queries', () => {
  it('reads one grouped statement per chunk, filtered by kind, district and assets', () => {
    expect(chunkQuery({ rule: underpass }, T0, T0 + HOUR)).toBe(
      `SELECT "depthCm" FROM "raw"."waterlogging" WHERE ("kind" = 'underpass' OR "kind" = 'low_road') ` +
        `AND time >= ${T0}ms AND time < ${T0 + HOUR}ms GROUP BY "assetId", "district", "kind"`,
    );
    expect(
      chunkQuery({ rule: underpass, district: '120101', assetIds: ['WL-1', "x'y"] }, T0, T0 + 1),
    ).toContain(`AND "district" = '120101' AND ("assetId" = 'WL-1' OR "assetId" = 'x\\'y')`);
    expect(chunkQuery({ rule: offline }, T0, T0 + 1)).toMatch(
      /^SELECT \* FROM "raw"\."waterlogging"/,
    );
    expect(seriesQuery({ rule: rainstorm })).toBe(
      `SHOW SERIES FROM "waterlogging" WHERE ("kind" = 'rain_gauge')`,
    );
  });

  it('reads series keys, escapes included', () => {
    expect(parseSeriesKey('waterlogging,assetId=WL-1,district=120101,kind=underpass')).toEqual({
      assetId: 'WL-1',
      district: '120101',
      kind: 'underpass',
    });
    expect(parseSeriesKey('heating,assetId=a\\,b,kind=spaceship')).toEqual({
      assetId: 'a,b',
      district: null,
      kind: null,
    });
    expect(parseSeriesKey('heating,kind=indoor_sensor')).toBeNull();
  });

  it('cuts the window into chunks of an hour to a day by the number of series', () => {
    expect(planChunks(T0, T0 + 3 * 24 * HOUR, 10)).toHaveLength(3);
    expect(planChunks(T0, T0 + 24 * HOUR, 2_000)).toHaveLength(15); // 100-minute chunks
    expect(planChunks(T0, T0 + 24 * HOUR, 100_000)).toHaveLength(24);
    const chunks = planChunks(T0, T0 + 90 * MIN, 1);
    expect(chunks).toEqual([{ from: T0, to: T0 + 90 * MIN }]);
  });
});

describe('window aggregates for many times at once', () => {
  it('match windowAggregates at every time, for every aggregate', () => {
    const points = Array.from({ length: 400 }, (_, i) => ({
      ts: T0 + i * 5 * MIN + (i % 3) * 7_000,
      value: Math.abs(Math.sin(i / 9)) * 40,
    }));
    const times = Array.from({ length: 120 }, (_, i) => T0 + i * 17 * MIN);
    for (const aggregate of ['sum', 'mean', 'max', 'integral'] as const) {
      const r = { ...rainstorm, aggregate };
      const fast = windowInputsAt(r, points, times);
      times.forEach((at, i) => {
        const slow = windowAggregates(r, points, at);
        for (const [hours, value] of slow.aggregates) {
          const got = fast[i]!.aggregates.get(hours);
          if (value === null) expect(got).toBeNull();
          else expect(got).toBeCloseTo(value, 9);
        }
      });
    }
  });
});

describe('BacktestEngine', () => {
  // Rise at 0.15 in/min (3.8 cm per 10 min, under the 5 cm rate raise) to 12 in, then fall.
  const rise = Array.from({ length: 81 }, (_, i) => i * 0.15);
  const fall = Array.from({ length: 61 }, (_, i) => 12 - i * 0.2);
  const profile = flood([...rise, ...fall]);

  it('gives the live fast path’s transitions for a threshold rule, however the window is chunked', () => {
    const live = runAlertSequence(undefined, underpass, profile).transitions;
    for (const size of [HOUR, 7 * MIN, 24 * HOUR]) {
      const [series] = run(underpass, profile, T0, T0 + 6 * HOUR, size);
      expect(series!.transitions).toEqual(live);
      expect(series!.points).toBe(profile.length);
    }
    expect(live.map((t) => [t.kind, t.severity])).toEqual([
      ['raised', 'blue'],
      ['changed', 'yellow'],
      ['changed', 'orange'],
      ['changed', 'red'],
      ['changed', 'orange'],
      ['changed', 'yellow'],
      ['changed', 'blue'],
      ['cleared', null],
    ]);
  });

  it('records the peak value of each alert', () => {
    const [series] = run(underpass, profile, T0, T0 + 6 * HOUR, HOUR);
    expect(series!.peaks).toEqual([30.48]); // 12 in
  });

  it('gives runWindow’s transitions for a window rule at the same evaluation times, and clears a gauge gone quiet', () => {
    // 60 mm/h for 1 h 50 min, then the gauge stops reporting.
    const rain = Array.from({ length: 23 }, (_, i) => ({ ts: T0 + i * 5 * MIN, value: 60 }));
    const [series] = run(rainstorm, rain, T0, T0 + 24 * HOUR, 3 * HOUR);
    // 50 mm in 3 h at 50 min (orange), 100 mm at 100 min (red); after the rain the 3-, 6- and 12-hour
    // windows lose it in turn, on the 5-minute grid: orange, yellow, blue, then clear.
    expect(series!.transitions.map((t) => [t.kind, t.severity, (t.at - T0) / MIN])).toEqual([
      ['raised', 'orange', 50],
      ['changed', 'red', 100],
      ['changed', 'orange', 195],
      ['changed', 'yellow', 245],
      ['changed', 'blue', 425],
      ['cleared', null, 785],
    ]);
    expect(series!.peaks).toEqual([110]);
    // The same observations, straight through runWindow, at the engine's evaluation times:
    const times = series!.transitions.map((t) => t.at);
    const direct = runWindow(
      rainstorm,
      undefined,
      times.map((at) => windowAggregates(rainstorm, rain, at)),
    ).transitions;
    expect(direct.map((t) => [t.kind, t.severity])).toEqual(
      series!.transitions.map((t) => [t.kind, t.severity]),
    );
    expect(series!.transitions.at(-1)!.kind).toBe('cleared');
  });

  it('raises a no-data alert at the exact silence limit and clears it at the next reading, across chunks', () => {
    const readings = [
      ...Array.from({ length: 10 }, (_, i) => ({ ts: T0 + i * 5 * MIN, value: 1 })),
      { ts: T0 + 45 * MIN + 40 * MIN, value: 1 }, // 40 minutes of silence after 00:45
    ];
    const [series] = run(offline, readings, T0, T0 + 4 * HOUR, 20 * MIN);
    expect(series!.transitions.map((t) => [t.kind, (t.at - T0) / MIN, t.value])).toEqual([
      ['raised', 60, 15],
      ['cleared', 85, 0],
      ['raised', 100, 15], // silent again after the last reading, until the window ends
    ]);
    expect(series!.peaks).toEqual([40, 155]);
  });

  it('keeps a no-data alert open at the end of the window when the sensor stays silent', () => {
    const readings = [{ ts: T0, value: 1 }];
    const [series] = run(offline, readings, T0, T0 + 2 * HOUR, HOUR);
    expect(series!.transitions.map((t) => [t.kind, (t.at - T0) / MIN])).toEqual([['raised', 15]]);
    expect(series!.peaks).toEqual([120]);
  });
});

describe('assembleIncidents', () => {
  const t = (
    kind: 'raised' | 'changed' | 'cleared',
    minute: number,
    severity: 'blue' | 'yellow' | 'orange' | 'red' | null,
    previousSeverity: typeof severity,
    value: number,
    flapping = false,
  ) => ({ kind, at: T0 + minute * MIN, severity, previousSeverity, value, flapping });

  it('opens an incident per raise, moves its severity, resolves it at the clear, keeps the last one open', () => {
    const { incidents, summary, truncated } = assembleIncidents('underpass-depth', [
      {
        assetId: 'WL-0001',
        assetName: '解放桥下穿',
        district: '120101',
        peaks: [26.1, 11],
        transitions: [
          t('raised', 10, 'blue', null, 10.2),
          t('changed', 14, 'red', 'blue', 25.4),
          t('changed', 30, 'yellow', 'red', 16),
          t('cleared', 50, null, 'yellow', 7.9),
          t('raised', 90, 'blue', null, 11),
        ],
      },
      {
        assetId: 'WL-0002',
        assetName: null,
        district: null,
        peaks: [],
        transitions: [
          t('raised', 5, 'yellow', null, 15.5, true),
          t('cleared', 6, null, 'yellow', 2),
        ],
      },
    ]);
    expect(truncated).toBe(false);
    expect(summary).toEqual({
      incidents: 3,
      open: 1,
      transitions: 7,
      byPeakSeverity: { blue: 1, yellow: 1, orange: 0, red: 1 },
    });
    expect(
      incidents.map((i) => [
        i.key,
        i.openedAt,
        i.resolvedAt,
        i.openSeverity,
        i.peakSeverity,
        i.peakValue,
      ]),
    ).toEqual([
      ['underpass-depth|WL-0002', iso(5), iso(6), 'yellow', 'yellow', 15.5],
      ['underpass-depth|WL-0001', iso(10), iso(50), 'blue', 'red', 26.1],
      ['underpass-depth|WL-0001', iso(90), null, 'blue', 'blue', 11],
    ]);
    expect(incidents[0]!.flapping).toBe(true);
    expect(incidents[1]).toMatchObject({
      peakAt: iso(14),
      transitionCount: 4,
      assetName: '解放桥下穿',
    });
    expect(incidents[1]!.transitions.map((x) => x.kind)).toEqual([
      'raised',
      'changed',
      'changed',
      'cleared',
    ]);
  });

  it('takes the peak from the transitions when no peak was recorded, lowest for below rules', () => {
    const outcome = {
      assetId: 'IS-1',
      assetName: null,
      district: null,
      peaks: [],
      transitions: [t('raised', 0, 'blue', null, 17.5), t('changed', 5, 'orange', 'blue', 15.2)],
    };
    expect(assembleIncidents('indoor-temp-low', [outcome], 'below').incidents[0]!.peakValue).toBe(
      15.2,
    );
  });

  it('caps the lists and says so', () => {
    const transitions = Array.from({ length: 6 }, (_, i) =>
      t(i % 2 ? 'cleared' : 'raised', i, i % 2 ? null : 'blue', i % 2 ? 'blue' : null, 10),
    );
    const limits = { maxIncidents: 2, maxTransitionsPerIncident: 1 };
    const result = assembleIncidents(
      'r',
      [{ assetId: 'a', assetName: null, district: null, peaks: [], transitions }],
      'above',
      limits,
    );
    expect(result.truncated).toBe(true);
    expect(result.summary.incidents).toBe(3);
    expect(result.incidents).toHaveLength(2);
    expect(result.incidents[0]!.transitions).toHaveLength(1);
    expect(result.incidents[0]!.transitionCount).toBe(2);
  });
});

function iso(minute: number): string {
  return new Date(T0 + minute * MIN).toISOString();
}
