import type { InputHTMLAttributes } from 'react';
import { FormField } from './FormField';

/** A text (or password, date…) input in a `.field` with its label; other props go to the input. */
export function LabelledInput({
  label,
  error,
  ...input
}: { label: string; error?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <FormField label={label} error={error}>
      <input className="field__input" {...input} />
    </FormField>
  );
}
