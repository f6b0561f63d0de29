import { useI18n } from '../i18n/useI18n';
import type { passwordFeedback } from './passwordFeedback';

/** The live verdict on the new password: what the policy refuses, or that it is fine. */
export function PasswordChecklist({
  feedback,
  typed,
}: {
  feedback: ReturnType<typeof passwordFeedback>;
  /** Something was typed as the new password (nothing is said before). */
  typed: boolean;
}) {
  const { t } = useI18n();
  if (!typed) return null;
  const issues = [
    ...feedback.problems,
    ...(feedback.sameAsCurrent ? [t('password.sameAsCurrent')] : []),
    ...(feedback.mismatch ? [t('password.mismatch')] : []),
  ];
  return (
    <div
      className={`password-check${issues.length ? '' : ' password-check--ok'}`}
      aria-live="polite"
      data-testid="password-feedback"
      data-ok={issues.length === 0}
    >
      {issues.length ? (
        <ul className="password-check__list">
          {issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      ) : (
        <p>✓ {t('password.ok')}</p>
      )}
    </div>
  );
}
