import { SEVERITY_COLORS } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../i18n/MessageKey';
import { translate } from '../i18n/translate';
import { zhCN } from '../i18n/zhCN';
import { backtestChartOption, timelineHeight } from './backtestChartOption';
import { backtestTimeline, incidentSegments } from './backtestTimeline';
import { makeBacktestIncident, makeBacktestResult } from './makeBacktest';

const t = (key: MessageKey, params?: Record<string, string | number>) =>
  translate(zhCN, key, params);
const ms = (iso: string) => Date.parse(iso);
const END = ms('2026-07-02T00:00:00.000Z');

describe('backtest result → timeline segments', () => {
  it('an incident without changes is one bar at its opening severity until resolved', () => {
    expect(incidentSegments(makeBacktestIncident(), 0, 0, END)).toEqual([
      {
        row: 0,
        start: ms('2026-07-01T02:00:00Z'),
        end: ms('2026-07-01T03:00:00Z'),
        severity: 'yellow',
        incident: 0,
      },
    ]);
  });

  it('splits at each severity change and runs to the window end while still open', () => {
    const incident = makeBacktestIncident({
      resolvedAt: null,
      peakSeverity: 'red',
      transitions: [
        {
          kind: 'raised',
          at: '2026-07-01T02:00:00Z',
          severity: 'yellow',
          previousSeverity: null,
          value: 15,
          flapping: false,
        },
        {
          kind: 'changed',
          at: '2026-07-01T02:30:00Z',
          severity: 'red',
          previousSeverity: 'yellow',
          value: 26,
          flapping: false,
        },
        {
          kind: 'changed',
          at: '2026-07-01T02:40:00Z',
          severity: 'red',
          previousSeverity: 'red',
          value: 27,
          flapping: true,
        },
        {
          kind: 'changed',
          at: '2026-07-01T03:00:00Z',
          severity: 'orange',
          previousSeverity: 'red',
          value: 21,
          flapping: false,
        },
      ],
      transitionCount: 4,
    });
    expect(
      incidentSegments(incident, 2, 5, END).map((s) => [
        s.severity,
        s.start,
        s.end,
        s.row,
        s.incident,
      ]),
    ).toEqual([
      ['yellow', ms('2026-07-01T02:00:00Z'), ms('2026-07-01T02:30:00Z'), 2, 5],
      ['red', ms('2026-07-01T02:30:00Z'), ms('2026-07-01T03:00:00Z'), 2, 5],
      ['orange', ms('2026-07-01T03:00:00Z'), END, 2, 5],
    ]);
  });

  it('one row per asset in order of first incident, segments grouped by severity', () => {
    const result = makeBacktestResult([
      makeBacktestIncident(),
      makeBacktestIncident({
        assetId: 'WL-0002',
        assetName: null,
        openSeverity: 'red',
        peakSeverity: 'red',
      }),
      makeBacktestIncident({
        openedAt: '2026-07-01T05:00:00Z',
        resolvedAt: '2026-07-01T06:00:00Z',
      }),
    ]);
    const timeline = backtestTimeline(result);
    expect(timeline.rows).toEqual(['解放桥下穿 (WL-0001)', 'WL-0002']);
    expect(timeline.from).toBe(ms('2026-07-01T00:00:00Z'));
    expect(timeline.to).toBe(END);
    const bySeverity = Object.fromEntries(
      timeline.bySeverity.map(({ severity, segments }) => [
        severity,
        segments.map((s) => [s.row, s.incident]),
      ]),
    );
    expect(bySeverity).toEqual({
      blue: [],
      yellow: [
        [0, 0],
        [0, 2],
      ],
      orange: [],
      red: [[1, 1]],
    });
  });

  it('draws at most maxRows assets', () => {
    const incidents = ['A', 'B', 'C'].map((assetId) =>
      makeBacktestIncident({ assetId, assetName: null }),
    );
    const timeline = backtestTimeline(makeBacktestResult(incidents), 2);
    expect(timeline.rows).toEqual(['A', 'B']);
    expect(timeline.bySeverity.flatMap((s) => s.segments)).toHaveLength(2);
  });

  it('an empty result is an empty timeline', () => {
    const timeline = backtestTimeline(makeBacktestResult([]));
    expect(timeline.rows).toEqual([]);
    expect(timeline.bySeverity.every((s) => s.segments.length === 0)).toBe(true);
  });
});

describe('timeline → ECharts option', () => {
  it('one custom series per severity, coloured and named in Chinese, x in time over the window', () => {
    const timeline = backtestTimeline(makeBacktestResult([makeBacktestIncident()]));
    const option = backtestChartOption(timeline, t, 'Asia/Shanghai');
    const series = option.series as {
      name: string;
      type: string;
      itemStyle: { color: string };
      data: number[][];
    }[];
    expect(series.map((s) => [s.type, s.name, s.itemStyle.color])).toEqual([
      ['custom', '蓝色', SEVERITY_COLORS.blue],
      ['custom', '黄色', SEVERITY_COLORS.yellow],
      ['custom', '橙色', SEVERITY_COLORS.orange],
      ['custom', '红色', SEVERITY_COLORS.red],
    ]);
    expect(series[1]!.data).toEqual([
      [ms('2026-07-01T02:00:00Z'), ms('2026-07-01T03:00:00Z'), 0, 0],
    ]);
    expect(option.xAxis).toMatchObject({ type: 'time', min: timeline.from, max: timeline.to });
    expect(option.yAxis).toMatchObject({ type: 'category', data: timeline.rows });
    const label = (option.xAxis as { axisLabel: { formatter: (v: number) => string } }).axisLabel;
    expect(label.formatter(ms('2026-07-01T02:00:00Z'))).toBe('07-01 10:00');
    expect(timelineHeight(timeline)).toBeGreaterThanOrEqual(160);
  });
});
