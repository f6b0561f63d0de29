/** A `<select>` over a fixed list of values, each shown as `text(value)`. */
export function ChoiceSelect<T extends string>({
  values,
  value,
  text,
  onChange,
  testId,
  className = 'field__input',
  ariaLabel,
}: {
  values: readonly T[];
  value: T;
  text: (value: T) => string;
  onChange: (next: T) => void;
  testId: string;
  className?: string;
  ariaLabel?: string;
}) {
  return (
    <select
      className={className}
      value={value}
      aria-label={ariaLabel}
      onChange={(event) => {
        const next = values.find((v) => v === event.target.value);
        if (next !== undefined) onChange(next);
      }}
      data-testid={testId}
    >
      {values.map((option) => (
        <option key={option} value={option}>
          {text(option)}
        </option>
      ))}
    </select>
  );
}
