import type { ReactNode } from 'react';

/** A button that asks first (`window.confirm`) when `confirm` is a question; null acts at once. */
export function ConfirmButton({
  confirm,
  onConfirm,
  className = 'button',
  disabled,
  testId,
  children,
}: {
  confirm: string | null;
  onConfirm: () => void;
  className?: string;
  disabled?: boolean;
  testId: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={className}
      disabled={disabled}
      data-testid={testId}
      onClick={() => {
        if (confirm === null || window.confirm(confirm)) onConfirm();
      }}
    >
      {children}
    </button>
  );
}
