import { ApiError } from '../api/ApiError';
import { useI18n } from '../i18n/useI18n';
import { errorMessage } from '../ui/errorMessage';

/**
 * The sign-in and password forms' error line: "fill in every field" when `missing`, else the
 * failed call's message; `data-kind` says which (missing, the ApiError's kind, or unknown).
 */
export function AuthFormError({
  testId,
  missing,
  missingText,
  error,
  context = 'default',
}: {
  testId: string;
  missing: boolean;
  missingText: string;
  /** The failed call's error, or null. */
  error: unknown;
  context?: 'login' | 'default';
}) {
  const { t } = useI18n();
  if (!missing && !error) return null;
  return (
    <p
      className="form-error"
      role="alert"
      data-testid={testId}
      data-kind={missing ? 'missing' : error instanceof ApiError ? error.kind : 'unknown'}
    >
      {missing ? missingText : errorMessage(error, t, context)}
    </p>
  );
}
