import type { ReactNode } from 'react';
import { AppNav } from '../../app/AppNav';
import { useI18n } from '../i18n/useI18n';
import { BrandMark } from '../ui/BrandMark';

/** The admin pages' frame: the history page's top bar and body (light, scrolls as one page). */
export function AdminLayout({
  title,
  meta,
  testId,
  children,
}: {
  title: string;
  meta?: string;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="history admin" data-theme="light" data-testid={testId}>
      <header className="history-topbar">
        <div className="history-topbar__brand">
          <BrandMark size={30} />
          <span className="history-topbar__title">
            {t('app.city')} · {t('app.title')}
          </span>
        </div>
        <AppNav />
      </header>
      <main className="history__body">
        <div className="history__heading">
          <h1 className="history__title">{title}</h1>
          {meta ? <span className="panel-header__meta">{meta}</span> : null}
        </div>
        {children}
      </main>
    </div>
  );
}
