import type { ScheduleOverride } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { translate } from '../i18n/translate';
import type { TranslateFn } from '../i18n/TranslateFn';
import { zhCN } from '../i18n/zhCN';
import { validateNewOverride, type NewOverrideDraft } from './validateNewOverride';

const t: TranslateFn = (key, params) => translate(zhCN, key, params);
const existing: ScheduleOverride[] = [
  { memberId: 'li-si', from: '2026-11-27T00:00:00Z', to: '2026-11-27T12:00:00Z', reason: '病假' },
];
const context = { t, timeZone: 'Asia/Shanghai', memberIds: ['zhang-san', 'li-si'], existing };
const good: NewOverrideDraft = {
  memberId: 'zhang-san',
  from: '2026-11-26T11:00',
  to: '2026-11-26T12:00',
  reason: ' 换班 ',
};

describe('validateNewOverride', () => {
  it('turns local Tianjin times into the override the PUT sends', () => {
    expect(validateNewOverride(good, context)).toEqual({
      errors: {},
      request: {
        memberId: 'zhang-san',
        from: '2026-11-26T03:00:00.000Z',
        to: '2026-11-26T04:00:00.000Z',
        reason: '换班',
      },
    });
  });

  it('asks for a member of the team and a reason, in Chinese', () => {
    const { errors, request } = validateNewOverride(
      { ...good, memberId: '', reason: '  ' },
      context,
    );
    expect(request).toBeNull();
    expect(errors.memberId).toBe('请选择值班人员');
    expect(errors.reason).toBe('请填写原因');
    expect(validateNewOverride({ ...good, memberId: 'wang-wu' }, context).errors.memberId).toBe(
      '该人员不在此值班组',
    );
  });

  it('refuses bad times, a reversed window and one over 31 days', () => {
    expect(validateNewOverride({ ...good, from: '' }, context).errors.from).toBe(
      '请输入有效的时间',
    );
    expect(validateNewOverride({ ...good, to: '2026-11-26T11:00' }, context).errors.to).toBe(
      '结束时间须晚于开始时间',
    );
    expect(validateNewOverride({ ...good, to: '2026-12-28T11:00' }, context).errors.to).toBe(
      '替班最长 31 天',
    );
  });

  it('refuses a window overlapping an existing override, and takes one that only touches it', () => {
    const overlapping = validateNewOverride(
      { ...good, from: '2026-11-27T18:00', to: '2026-11-27T22:00' },
      context,
    );
    expect(overlapping.request).toBeNull();
    expect(overlapping.errors.to).toBe('与已有替班（li-si，11-27 08:00 – 11-27 20:00）重叠');
    const touching = validateNewOverride(
      { ...good, from: '2026-11-27T20:00', to: '2026-11-27T22:00' },
      context,
    );
    expect(touching.request).not.toBeNull();
  });

  it('leaves the last word to the contract (control characters)', () => {
    const { request, errors } = validateNewOverride({ ...good, reason: '换\u0007班' }, context);
    expect(request).toBeNull();
    expect(errors.reason).toBeTruthy();
  });
});
