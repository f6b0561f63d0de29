import type { Silence } from '@cityops/contracts';
import { districtLabel } from '../i18n/districtLabel';
import type { Locale } from '../i18n/Locale';
import type { TranslateFn } from '../i18n/TranslateFn';

/** A silence's matchers as one line: "和平区 · 供热 · 设备 hs-001 · 规则 supply-temp-low". */
export function matchersText(
  matchers: Silence['matchers'],
  locale: Locale,
  t: TranslateFn,
): string {
  const parts: string[] = [];
  if (matchers.district) parts.push(districtLabel(matchers.district, locale) ?? matchers.district);
  if (matchers.domain) parts.push(t(`domain.${matchers.domain}`));
  if (matchers.assetId) parts.push(`${t('admin.silences.assetId')} ${matchers.assetId}`);
  if (matchers.ruleId) parts.push(`${t('admin.silences.ruleId')} ${matchers.ruleId}`);
  return parts.join(' · ');
}
