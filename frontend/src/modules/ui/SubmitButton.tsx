import type { ReactNode } from 'react';

/** A form's primary submit button, disabled and relabelled while the form is being sent. */
export function SubmitButton({
  pending,
  pendingLabel,
  testId,
  block = false,
  children,
}: {
  pending: boolean;
  pendingLabel: string;
  testId: string;
  /** Full width (the login card's). */
  block?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="submit"
      className={block ? 'button button--primary button--block' : 'button button--primary'}
      disabled={pending}
      data-testid={testId}
    >
      {pending ? pendingLabel : children}
    </button>
  );
}
