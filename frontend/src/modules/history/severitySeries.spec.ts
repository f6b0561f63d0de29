import { type IncidentStatsGroup, SEVERITY_COLORS, type Severity } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import type { TranslateFn } from '../i18n/TranslateFn';
import { translate } from '../i18n/translate';
import { zhCN } from '../i18n/zhCN';
import { severitySeries } from './severitySeries';
import { stackedBarOption } from './stackedBarOption';
import { topDistricts } from './topDistricts';

const t: TranslateFn = (key, params) => translate(zhCN, key, params);

const group = (
  key: string | null,
  counts: Partial<Record<Severity, number>>,
): IncidentStatsGroup => {
  const bySeverity = { blue: 0, yellow: 0, orange: 0, red: 0, ...counts };
  const total = Object.values(bySeverity).reduce((a, b) => a + b, 0);
  return {
    key,
    total,
    bySeverity,
    byStatus: { open: total, acknowledged: 0, resolved: 0 },
    silenced: 0,
    suppressed: 0,
    suspect: 0,
    acknowledged: 0,
    mttaSeconds: null,
    resolved: 0,
    mttrSeconds: null,
    cases: null,
  };
};

describe('chart series', () => {
  it('gives every day of the range a bar, zero on quiet days, stacked most severe first', () => {
    const data = severitySeries(
      [group('2026-11-24', { red: 1, blue: 2 }), group('2026-11-26', { orange: 3 })],
      ['2026-11-24', '2026-11-25', '2026-11-26'],
    );
    expect(data).toEqual({
      keys: ['2026-11-24', '2026-11-25', '2026-11-26'],
      series: [
        { severity: 'red', data: [1, 0, 0] },
        { severity: 'orange', data: [0, 0, 3] },
        { severity: 'yellow', data: [0, 0, 0] },
        { severity: 'blue', data: [2, 0, 0] },
      ],
    });
  });

  it('ignores groups outside the keys asked for (days before the range, other domains)', () => {
    const data = severitySeries(
      [group('heating', { red: 1 }), group('parking', { red: 9 })],
      ['heating'],
    );
    expect(data.series.find((s) => s.severity === 'red')!.data).toEqual([1]);
  });

  it('ranks districts by incidents, then by code, leaving out the unknown and the quiet', () => {
    const groups = [
      group('120104', { blue: 1 }),
      group(null, { red: 7 }),
      group('120101', { red: 2, blue: 1 }),
      group('120102', { yellow: 3 }),
      group('120103', {}),
    ];
    expect(topDistricts(groups)).toEqual(['120101', '120102', '120104']);
    expect(topDistricts(groups, 1)).toEqual(['120101']);
  });

  it('builds an ECharts option of stacked bars in the warning colours', () => {
    const data = severitySeries([group('heating', { red: 1, blue: 2 })], ['heating', 'sanitation']);
    const option = stackedBarOption(data, ['供热', '环卫'], t);
    expect(option.xAxis).toMatchObject({ type: 'category', data: ['供热', '环卫'] });
    expect(option.yAxis).toMatchObject({ type: 'value', minInterval: 1 });
    const series = option.series as {
      name: string;
      stack: string;
      data: number[];
      itemStyle: { color: string };
    }[];
    expect(series.map((s) => [s.name, s.stack, s.itemStyle.color, s.data])).toEqual([
      ['红色', 'severity', SEVERITY_COLORS.red, [1, 0]],
      ['橙色', 'severity', SEVERITY_COLORS.orange, [0, 0]],
      ['黄色', 'severity', SEVERITY_COLORS.yellow, [0, 0]],
      ['蓝色', 'severity', SEVERITY_COLORS.blue, [2, 0]],
    ]);
  });

  it('lays ranked districts along the value axis, the first on top', () => {
    const data = severitySeries([group('120101', { red: 1 })], ['120101']);
    const option = stackedBarOption(data, ['和平区'], t, true);
    expect(option.yAxis).toMatchObject({ type: 'category', data: ['和平区'], inverse: true });
    expect(option.xAxis).toMatchObject({ type: 'value' });
  });
});
