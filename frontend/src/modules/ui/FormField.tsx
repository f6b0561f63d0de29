import type { ReactNode } from 'react';

/** A labelled form control (`.field`): the label above, the control, and a field error under it. */
export function FormField({
  label,
  error,
  children,
}: {
  label: ReactNode;
  /** Shown under the control when given. */
  error?: string;
  children: ReactNode;
}) {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      {children}
      {error ? <span className="admin-field-error">{error}</span> : null}
    </label>
  );
}
