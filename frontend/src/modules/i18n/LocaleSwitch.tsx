import { useI18n } from './useI18n';

/** A one-click language toggle (中文 ⇄ English). */
export function LocaleSwitch({ className = 'locale-switch' }: { className?: string }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <button
      type="button"
      className={className}
      data-testid="locale-switch"
      aria-label={t('locale.switchLabel')}
      onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
    >
      {t('locale.switchTo')}
    </button>
  );
}
