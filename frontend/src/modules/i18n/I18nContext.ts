import { createContext } from 'react';
import type { Locale } from './Locale';
import type { TranslateFn } from './TranslateFn';
import { translate } from './translate';
import { zhCN } from './zhCN';

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: TranslateFn;
}

export const I18nContext = createContext<I18nValue>({
  locale: 'zh-CN',
  setLocale: () => undefined,
  t: (key, params) => translate(zhCN, key, params),
});
