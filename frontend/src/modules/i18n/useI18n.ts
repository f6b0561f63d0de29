import { useContext } from 'react';
import { I18nContext } from './I18nContext';

/** `{ t, locale, setLocale }` for the current language. */
export function useI18n() {
  return useContext(I18nContext);
}
