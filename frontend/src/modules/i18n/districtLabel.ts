import { DISTRICTS } from '@cityops/contracts';
import type { Locale } from './Locale';

/** A district's name from its code in the current language; the code itself when unknown. */
export function districtLabel(code: string | null, locale: Locale): string | null {
  if (!code) return null;
  const district = DISTRICTS.find((d) => d.code === code);
  if (!district) return code;
  return locale === 'en' ? district.nameEn : district.name;
}
