import type { CSSProperties } from 'react';
import { toggleValue } from './toggleValue';

interface ToggleChipsProps<T extends string> {
  /** The chips, in the order shown. */
  values: readonly T[];
  selected: readonly T[];
  /** The canonical order the selection is kept in (default: `values`). */
  order?: readonly T[];
  text: (value: T) => string;
  /** data-testid of each chip: `${testIdPrefix}-${value}`. */
  testIdPrefix: string;
  /** A colour per chip (severity chips). */
  colorOf?: (value: T) => string;
  onChange: (next: T[]) => void;
}

/** A row of chips that each toggle one value in or out of a multi-value filter. */
export function ToggleChips<T extends string>({
  values,
  selected,
  order = values,
  text,
  testIdPrefix,
  colorOf,
  onChange,
}: ToggleChipsProps<T>) {
  return (
    <div className="chips">
      {values.map((value) => (
        <button
          key={value}
          type="button"
          className={colorOf ? 'chip chip--severity' : 'chip'}
          style={colorOf ? ({ '--severity-color': colorOf(value) } as CSSProperties) : undefined}
          aria-pressed={selected.includes(value)}
          data-testid={`${testIdPrefix}-${value}`}
          onClick={() => onChange(toggleValue(selected, value, order))}
        >
          {text(value)}
        </button>
      ))}
    </div>
  );
}
