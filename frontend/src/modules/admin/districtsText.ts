import { districtLabel } from '../i18n/districtLabel';
import type { Locale } from '../i18n/Locale';
import type { TranslateFn } from '../i18n/TranslateFn';

/** A district scope as names ("和平区、河西区"), or "全市" when it is the whole city (null or empty). */
export function districtsText(
  districts: readonly string[] | null | undefined,
  locale: Locale,
  t: TranslateFn,
): string {
  if (!districts?.length) return t('admin.wholeCity');
  return districts
    .map((code) => districtLabel(code, locale) ?? code)
    .join(locale === 'en' ? ', ' : '、');
}
