import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../i18n/MessageKey';
import { translate } from '../i18n/translate';
import { zhCN } from '../i18n/zhCN';
import { validateNewToken, type NewTokenDraft } from './validateNewToken';

const t = (key: MessageKey, params?: Record<string, string | number>) =>
  translate(zhCN, key, params);
const draft = (patch: Partial<NewTokenDraft> = {}): NewTokenDraft => ({
  kind: 'display',
  name: '指挥中心 1 号大屏',
  role: 'operator',
  scopes: [],
  districts: [],
  expiresInDays: '',
  ...patch,
});

describe('validateNewToken', () => {
  it('asks for a name', () => {
    expect(validateNewToken(draft({ name: ' ' }), t).errors.name).toBe('请输入名称');
    expect(validateNewToken(draft({ name: 'x'.repeat(101) }), t).errors.name).toBe(
      '名称最多 100 个字符',
    );
  });

  it('asks an API token for at least one scope', () => {
    const { errors, request } = validateNewToken(draft({ kind: 'api' }), t);
    expect(errors.scopes).toBe('API 令牌至少需要一项权限');
    expect(request).toBeNull();
  });

  it('accepts 1 to 3650 whole days, or none', () => {
    for (const bad of ['0', '3651', '1.5', '-3', 'abc'])
      expect(validateNewToken(draft({ expiresInDays: bad }), t).errors.expiresInDays).toBe(
        '有效期须为 1 至 3650 之间的整数天',
      );
    expect(validateNewToken(draft({ expiresInDays: '365' }), t).request?.expiresInDays).toBe(365);
    expect(validateNewToken(draft(), t).request).not.toHaveProperty('expiresInDays');
  });

  it('sends a display token without role or scopes, whatever the form held', () => {
    expect(
      validateNewToken(draft({ scopes: ['incidents:read'], districts: ['120101'] }), t).request,
    ).toEqual({ kind: 'display', name: '指挥中心 1 号大屏', districts: ['120101'] });
  });

  it('sends an API token with its role and scopes', () => {
    expect(
      validateNewToken(
        draft({
          kind: 'api',
          name: ' 工单系统 ',
          role: 'supervisor',
          scopes: ['incidents:read', 'cases:write'],
        }),
        t,
      ).request,
    ).toEqual({
      kind: 'api',
      name: '工单系统',
      role: 'supervisor',
      scopes: ['incidents:read', 'cases:write'],
    });
  });
});
