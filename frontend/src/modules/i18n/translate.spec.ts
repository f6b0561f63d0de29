import { describe, expect, it } from 'vitest';
import { en } from './en';
import { translate } from './translate';
import { zhCN } from './zhCN';

describe('translate', () => {
  it('returns the Chinese text by key', () => {
    expect(translate(zhCN, 'login.username')).toBe('用户名');
  });

  it('fills placeholders', () => {
    expect(translate(en, 'console.count', { count: 3 })).toBe('3 in total');
    expect(translate(zhCN, 'nav.signedInAs', { username: 'li', role: '调度员' })).toBe(
      '当前用户 li（调度员）',
    );
  });

  it('leaves a placeholder without a value visible rather than printing undefined', () => {
    expect(translate(en, 'console.count', {})).toBe('{count} in total');
  });

  it('has an English text for every Chinese key', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const value of Object.values(en)) expect(value.length).toBeGreaterThan(0);
  });
});
