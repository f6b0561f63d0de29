import type { ReactNode } from 'react';
import { LocaleSwitch } from '../i18n/LocaleSwitch';
import { useI18n } from '../i18n/useI18n';
import { CityOutline } from '../map/CityOutline';
import { BrandMark } from '../ui/BrandMark';

/** The login page's look (dark, the city's outline, brand and tagline), around a card (children). */
export function AuthShell({ testId, children }: { testId?: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="login" data-theme="dark" data-testid={testId}>
      <div className="login__backdrop" aria-hidden="true">
        <CityOutline className="login__outline" width={520} height={640} />
      </div>
      <div className="login__locale">
        <LocaleSwitch className="ghost-button" />
      </div>
      <main className="login__layout">
        <section className="login__hero">
          <div className="login__brand">
            <BrandMark size={56} />
            <div>
              <p className="login__city">{t('app.city')}</p>
              <h1 className="login__title">{t('app.title')}</h1>
            </div>
          </div>
          <p className="login__tagline">{t('login.tagline')}</p>
        </section>
        {children}
      </main>
    </div>
  );
}
