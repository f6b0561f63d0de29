import { useI18n } from '../i18n/useI18n';
import { errorMessage } from './errorMessage';

/** A failed action's message (the backend's, translated when known), or nothing. */
export function MutationError({
  mutation,
  testId,
}: {
  mutation: { isError: boolean; error: unknown };
  testId: string;
}) {
  const { t } = useI18n();
  if (!mutation.isError) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId}>
      {errorMessage(mutation.error, t)}
    </p>
  );
}
