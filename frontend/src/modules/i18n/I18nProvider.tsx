import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en';
import { I18nContext } from './I18nContext';
import type { Locale } from './Locale';
import type { TranslateFn } from './TranslateFn';
import { translate } from './translate';
import { zhCN } from './zhCN';

const STORAGE_KEY = 'cityops.locale';
const DICTIONARIES = { 'zh-CN': zhCN, en } as const;

function initialLocale(): Locale {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** Chinese by default; the choice is remembered per browser (a wall screen keeps its language). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not persisted; the switch still applies to this page
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo(() => {
    const dictionary = DICTIONARIES[locale];
    const t: TranslateFn = (key, params) => translate(dictionary, key, params);
    return { locale, setLocale, t };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
