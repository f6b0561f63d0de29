import type { FormEvent, ReactNode } from 'react';
import { useI18n } from '../i18n/useI18n';
import { MutationError } from '../ui/MutationError';
import { SubmitButton } from '../ui/SubmitButton';

/**
 * The admin pages' create form: a panel with its title, the fields (children), the backend's
 * refusal and the submit row. Test ids: `${testIdPrefix}-form`, `-error`, `-submit`.
 */
export function AdminForm({
  title,
  submitLabel,
  testIdPrefix,
  mutation,
  onSubmit,
  children,
}: {
  title: string;
  submitLabel: string;
  testIdPrefix: string;
  mutation: { isError: boolean; error: unknown; isPending: boolean };
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <form
      className="history-panel admin-form"
      onSubmit={onSubmit}
      noValidate
      data-testid={`${testIdPrefix}-form`}
    >
      <h2 className="history-panel__title">{title}</h2>
      {children}
      <MutationError mutation={mutation} testId={`${testIdPrefix}-error`} />
      <div>
        <SubmitButton
          pending={mutation.isPending}
          pendingLabel={t('admin.saving')}
          testId={`${testIdPrefix}-submit`}
        >
          {submitLabel}
        </SubmitButton>
      </div>
    </form>
  );
}
