import type { CaseDto } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { translate } from '../i18n/translate';
import type { TranslateFn } from '../i18n/TranslateFn';
import { zhCN } from '../i18n/zhCN';
import { makeAsset } from './makeAsset';
import { assetPickRows, casePickRows } from './pickCardRows';

const zh: TranslateFn = (key, params) => translate(zhCN, key, params);
const english: TranslateFn = (key, params) => translate(en, key, params);
const context = { t: zh, locale: 'zh-CN' as const, timeZone: 'Asia/Shanghai' };

describe('assetPickRows', () => {
  it('lists kind, district, status, each latest value with its unit in contract order, and the last report in Beijing time', () => {
    const asset = makeAsset({
      kind: 'heat_station',
      district: '120104',
      status: 'alarm',
      latest: { returnTempC: 38.04, supplyTempC: 61, supplyPressureMPa: 0.456, pumpOn: 1 },
      lastSeenAt: '2026-11-26T02:05:00Z',
    });
    expect(assetPickRows(asset, context)).toEqual([
      ['类型', '换热站'],
      ['所属区域', expect.stringContaining('南开')],
      ['状态', '告警'],
      ['供水温度', '61 °C'],
      ['回水温度', '38.0 °C'],
      ['供水压力', '0.46 MPa'],
      ['循环泵', 'ON'],
      ['最近上报', expect.stringMatching(/10:05/)],
    ]);
  });

  it('says there is no data yet, keeps an unknown metric by its name, and speaks English', () => {
    const asset = makeAsset({
      kind: 'rain_gauge',
      district: '999999',
      status: 'unknown',
      latest: { vendorExtra: 3 },
      lastSeenAt: null,
    });
    const rows = assetPickRows(asset, { ...context, t: english, locale: 'en' });
    expect(rows).toEqual([
      ['Type', 'Rain gauge'],
      [expect.any(String), expect.any(String)],
      [expect.any(String), expect.any(String)],
      ['vendorExtra', '3'],
      [expect.any(String), 'No data yet'],
    ]);
  });
});

describe('casePickRows', () => {
  const item: CaseDto = {
    id: 'SC-20261126-0001',
    category: 'garbage_pile',
    source: 'hotline',
    status: 'in_progress',
    reportedAt: '2026-11-26T01:00:00Z',
    updatedAt: '2026-11-26T01:30:00Z',
    dueAt: '2026-11-26T03:00:00Z',
    closedAt: null,
    district: '120101',
    location: [117.2, 39.12],
    description: '路边垃圾堆积',
    overdue: false,
  };

  it('lists category, source, status, district and the times', () => {
    const rows = casePickRows(item, context);
    expect(rows.map(([label]) => label)).toEqual([
      '类别',
      '来源',
      '状态',
      '所属区域',
      '受理时间',
      '处置时限',
    ]);
    expect(rows.slice(0, 3).map(([, value]) => value)).toEqual([
      '垃圾堆积',
      '12345 热线',
      '处置中',
    ]);
    expect(rows[5]?.[1]).toMatch(/11:00/);
    expect(rows[5]?.[1]).not.toContain('已超期');
  });

  it('says when the case is past its time limit', () => {
    expect(casePickRows({ ...item, overdue: true }, context)[5]?.[1]).toMatch(/11:00:00 · 已超期$/);
  });
});
