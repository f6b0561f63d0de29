import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/translate';
import { zhCN } from '../i18n/zhCN';
import type { TranslateFn } from '../i18n/TranslateFn';
import { describeWatch } from './describeWatch';
import { makeWatch } from './makeWatch';

const t: TranslateFn = (key, params) => translate(zhCN, key, params);
const context = {
  t,
  locale: 'zh-CN' as const,
  timeZone: 'Asia/Shanghai',
  now: Date.parse('2026-07-20T08:00:00Z'), // 16:00 in Tianjin
};

describe('describeWatch', () => {
  it('names the kind and the whole city, with the start time of today', () => {
    expect(describeWatch(makeWatch({ startedAt: '2026-07-20T06:05:00Z' }), context)).toEqual([
      '暴雨值守',
      '全市',
      '14:05 起',
    ]);
  });

  it('names the district, the planned end (with its day when not today) and an automatic start', () => {
    expect(
      describeWatch(
        makeWatch({
          kind: 'cold_wave',
          scope: '120104',
          startedAt: '2026-07-19T23:00:00Z',
          endsAt: '2026-07-21T02:00:00Z',
          auto: true,
        }),
        context,
      ),
    ).toEqual(['寒潮值守', '南开区', '07:00 起', '预计 07-21 10:00 结束', '自动']);
  });
});
