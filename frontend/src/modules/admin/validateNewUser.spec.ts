import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../i18n/MessageKey';
import { translate } from '../i18n/translate';
import { zhCN } from '../i18n/zhCN';
import { validateNewUser, type NewUserDraft } from './validateNewUser';

const t = (key: MessageKey, params?: Record<string, string | number>) =>
  translate(zhCN, key, params);
const draft = (patch: Partial<NewUserDraft> = {}): NewUserDraft => ({
  username: 'wang.wu',
  role: 'operator',
  districts: [],
  password: '',
  ...patch,
});

describe('validateNewUser', () => {
  it('asks for a username and refuses characters the backend refuses', () => {
    expect(validateNewUser(draft({ username: '  ' }), t).errors.username).toBe('请输入用户名');
    expect(validateNewUser(draft({ username: 'wang wu' }), t).errors.username).toContain(
      '用户名只能包含',
    );
    expect(validateNewUser(draft({ username: 'a/b' }), t).request).toBeNull();
    expect(validateNewUser(draft({ username: '王五_2' }), t).errors).toEqual({});
  });

  it('checks a given password against the shared policy, in Chinese', () => {
    const { errors, request } = validateNewUser(draft({ password: 'wang.wu-123' }), t);
    expect(errors.password).toBe('初始密码不能包含用户名');
    expect(request).toBeNull();
    expect(validateNewUser(draft({ password: 'short' }), t).errors.password).toBe(
      '初始密码至少 10 个字符',
    );
  });

  it('leaves out an empty password (generated) and empty districts (whole city)', () => {
    expect(validateNewUser(draft({ username: ' wang.wu ' }), t).request).toEqual({
      username: 'wang.wu',
      role: 'operator',
    });
    expect(
      validateNewUser(
        draft({ role: 'supervisor', districts: ['120101', '120103'], password: 'river-bank-2026' }),
        t,
      ).request,
    ).toEqual({
      username: 'wang.wu',
      role: 'supervisor',
      districts: ['120101', '120103'],
      password: 'river-bank-2026',
    });
  });
});
