import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../i18n/MessageKey';
import { translate } from '../i18n/translate';
import { zhCN } from '../i18n/zhCN';
import { validateNewSilence, type NewSilenceDraft } from './validateNewSilence';

const t = (key: MessageKey, params?: Record<string, string | number>) =>
  translate(zhCN, key, params);
const now = Date.parse('2026-11-26T00:00:00Z'); // 08:00 in Tianjin
const draft = (patch: Partial<NewSilenceDraft> = {}): NewSilenceDraft => ({
  assetId: '',
  district: '120101',
  domain: '',
  ruleId: '',
  startsAt: '2026-11-26T08:00',
  endsAt: '2026-11-26T12:00',
  reason: '供热站计划检修',
  ...patch,
});
const check = (d: NewSilenceDraft, role: 'operator' | 'supervisor' = 'operator') =>
  validateNewSilence(d, { t, role, now, timeZone: 'Asia/Shanghai' });

describe('validateNewSilence', () => {
  it('sends the window as ISO instants read in Asia/Shanghai, with only the matchers given', () => {
    expect(check(draft({ domain: 'heating' })).request).toEqual({
      matchers: { district: '120101', domain: 'heating' },
      startsAt: '2026-11-26T00:00:00.000Z',
      endsAt: '2026-11-26T04:00:00.000Z',
      reason: '供热站计划检修',
    });
  });

  it('asks for at least one matcher, and valid ids', () => {
    expect(check(draft({ district: '' })).errors.matchers).toBe(
      '请至少指定一个匹配条件：设备、区域、领域或规则',
    );
    expect(check(draft({ ruleId: 'Bad Rule!' })).errors.ruleId).toBe('规则编号格式不正确');
  });

  it('checks the window: valid times, the end after the start, 90 days, 24 h for operators', () => {
    expect(check(draft({ startsAt: '' })).errors.startsAt).toBe('请输入有效的时间');
    expect(check(draft({ endsAt: '2026-11-26T07:00' })).errors.endsAt).toBe(
      '结束时间须晚于开始时间',
    );
    expect(check(draft({ endsAt: '2026-11-28T08:00' })).errors.endsAt).toBe(
      '调度员最长可静默 24 小时，更长的时段请联系督查',
    );
    expect(check(draft({ endsAt: '2026-11-28T08:00' }), 'supervisor').request).not.toBeNull();
    expect(check(draft({ endsAt: '2027-03-01T08:00' }), 'supervisor').errors.endsAt).toBe(
      '静默最长 90 天',
    );
  });

  it('asks for a reason', () => {
    expect(check(draft({ reason: '  ' })).errors.reason).toBe('请填写原因');
    expect(check(draft({ reason: '  ' })).request).toBeNull();
  });
});
