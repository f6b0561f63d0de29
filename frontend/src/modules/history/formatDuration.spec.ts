import { describe, expect, it } from 'vitest';
import { makeIncident } from '../incidents/makeIncident';
import { en } from '../i18n/en';
import type { TranslateFn } from '../i18n/TranslateFn';
import { translate } from '../i18n/translate';
import { zhCN } from '../i18n/zhCN';
import { formatDuration } from './formatDuration';
import { formatRate } from './formatRate';
import { handledByText } from './handledByText';
import { incidentDurations } from './incidentDurations';

const zh: TranslateFn = (key, params) => translate(zhCN, key, params);
const english: TranslateFn = (key, params) => translate(en, key, params);

describe('MTTA and MTTR formatting', () => {
  it.each([
    [0, '0 秒', '0 s'],
    [44.6, '45 秒', '45 s'],
    [60, '1 分钟', '1 min'],
    [59 * 60 + 59, '59 分钟', '59 min'],
    [3 * 3600 + 5 * 60 + 30, '3 小时 5 分', '3 h 5 min'],
    [2 * 86_400 + 4 * 3600, '2 天 4 小时', '2 d 4 h'],
  ])('reads %s seconds as "%s" / "%s"', (seconds, chinese, english_) => {
    expect(formatDuration(seconds, zh)).toBe(chinese);
    expect(formatDuration(seconds, english)).toBe(english_);
  });

  it.each([null, undefined, Number.NaN, Number.POSITIVE_INFINITY, -5])(
    'shows an em dash for %s',
    (seconds) => {
      expect(formatDuration(seconds, zh)).toBe('—');
    },
  );

  it('formats a rate as a percentage', () => {
    expect(formatRate(0.8333)).toBe('83.3%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(null)).toBe('—');
  });
});

describe("one incident's times and handlers", () => {
  it('measures time to acknowledge and to resolve from the opening, null while pending', () => {
    const opened = '2026-11-26T00:00:00Z';
    expect(
      incidentDurations(
        makeIncident({
          openedAt: opened,
          acknowledgedAt: '2026-11-26T00:12:30Z',
          resolvedAt: '2026-11-26T01:00:00Z',
        }),
      ),
    ).toEqual({ ttaSeconds: 750, ttrSeconds: 3600 });
    expect(incidentDurations(makeIncident({ openedAt: opened }))).toEqual({
      ttaSeconds: null,
      ttrSeconds: null,
    });
    // Resolved by its condition without an acknowledgement.
    expect(
      incidentDurations(makeIncident({ openedAt: opened, resolvedAt: '2026-11-26T00:20:00Z' })),
    ).toEqual({ ttaSeconds: null, ttrSeconds: 1200 });
  });

  it('names who acknowledged and who resolved', () => {
    expect(handledByText(makeIncident({ acknowledgedBy: 'wang', resolvedBy: 'zhang' }), zh)).toBe(
      '确认 wang · 解除 zhang',
    );
    expect(handledByText(makeIncident({ resolvedBy: 'system' }), english)).toBe('resolved system');
    expect(handledByText(makeIncident(), zh)).toBe('—');
  });
});
