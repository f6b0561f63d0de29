import type { ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';

/** The box around secrets shown once (after creating a user or a token, or a password reset). */
export function SecretNotice({
  title,
  children,
  onDismiss,
}: {
  title: string;
  children: ReactNode;
  onDismiss: () => void;
}) {
  const { t } = useI18n();
  return (
    <section className="admin-notice" role="status" data-testid="secret-notice">
      <h2 className="admin-notice__title">{title}</h2>
      <p className="admin-hint">{t('admin.shownOnce')}</p>
      {children}
      <button type="button" className="button" onClick={onDismiss} data-testid="secret-dismiss">
        {t('admin.dismiss')}
      </button>
    </section>
  );
}
