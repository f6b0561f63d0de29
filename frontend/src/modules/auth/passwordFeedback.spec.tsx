import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MessageKey } from '../i18n/MessageKey';
import { translate } from '../i18n/translate';
import { zhCN } from '../i18n/zhCN';
import { PasswordChecklist } from './PasswordChecklist';
import { passwordFeedback } from './passwordFeedback';

const t = (key: MessageKey, params?: Record<string, string | number>) =>
  translate(zhCN, key, params);
const feedback = (next: string, confirmation = '', current = 'old-password-1') =>
  passwordFeedback({ current, next, confirmation }, 'zhangsan', t);

describe('passwordFeedback', () => {
  it("gives the shared policy's problems in Chinese, as the user types", () => {
    expect(feedback('short').problems).toEqual(['至少 10 个字符']);
    expect(feedback('aaaaaaaaaaaa').problems).toEqual(['不能由同一个字符重复组成']);
    expect(feedback('ZhangSan-2026!').problems).toEqual(['不能包含用户名']);
    expect(feedback('x'.repeat(201)).problems).toEqual([
      '最多 200 个字符',
      '不能由同一个字符重复组成',
    ]);
    expect(feedback('').problems).toEqual([]);
  });

  it('counts Chinese characters one each (code points)', () => {
    expect(feedback('海河之畔津门故里夜色').problems).toEqual([]);
  });

  it('flags a differing confirmation only once one is typed, and a repeated current password', () => {
    expect(feedback('river-bank-2026').mismatch).toBe(false);
    expect(feedback('river-bank-2026', 'river-bank-2025').mismatch).toBe(true);
    expect(feedback('old-password-1', 'old-password-1').sameAsCurrent).toBe(true);
  });

  it('lets the form be sent only when everything is filled in and acceptable', () => {
    expect(feedback('river-bank-2026', 'river-bank-2026').acceptable).toBe(true);
    expect(feedback('river-bank-2026', 'river-bank-2026', '').acceptable).toBe(false);
    expect(feedback('river-bank-2026', '').acceptable).toBe(false);
    expect(feedback('short', 'short').acceptable).toBe(false);
  });
});

describe('PasswordChecklist', () => {
  it('says nothing before a new password is typed', () => {
    expect(renderToStaticMarkup(<PasswordChecklist feedback={feedback('')} typed={false} />)).toBe(
      '',
    );
  });

  it('lists every problem in Chinese', () => {
    const html = renderToStaticMarkup(
      <PasswordChecklist feedback={feedback('zhangsan', 'zhangsa')} typed />,
    );
    expect(html).toContain('data-ok="false"');
    expect(html).toContain('<li>至少 10 个字符</li>');
    expect(html).toContain('<li>不能包含用户名</li>');
    expect(html).toContain('<li>两次输入的新密码不一致</li>');
  });

  it('confirms an acceptable password', () => {
    const html = renderToStaticMarkup(
      <PasswordChecklist feedback={feedback('river-bank-2026', 'river-bank-2026')} typed />,
    );
    expect(html).toContain('data-ok="true"');
    expect(html).toContain('新密码符合要求');
  });
});
