import { ApiError } from '../api/ApiError';
import type { TranslateFn } from '../i18n/TranslateFn';
import { apiMessage } from './apiMessage';

/**
 * A failure as a sentence an operator can act on. `unauthorized` reads "wrong username or password"
 * on the login form and "session ended" elsewhere. The backend's messages the console knows (password
 * policy, duplicate user…) are translated; others are shown as they are.
 */
export function errorMessage(
  error: unknown,
  t: TranslateFn,
  context: 'login' | 'default' = 'default',
): string {
  if (!(error instanceof ApiError)) {
    return t('error.unknown', { message: error instanceof Error ? error.message : String(error) });
  }
  switch (error.kind) {
    case 'unreachable':
      return t('error.unreachable');
    case 'timeout':
      return t('error.timeout');
    case 'unauthorized':
      return context === 'login' ? t('error.credentials') : t('error.sessionExpired');
    case 'forbidden':
      return apiMessage(error.message, t, error.details) ?? t('error.forbidden');
    case 'invalid-response':
      return t('error.invalidResponse');
    case 'http':
      return (
        apiMessage(error.message, t, error.details) ?? t('error.http', { message: error.message })
      );
  }
}
