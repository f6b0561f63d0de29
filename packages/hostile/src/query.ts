import { hostileDates } from './dates.js';
import { injectionStrings } from './injection.js';
import { hostileNumbers } from './numbers.js';
import { hostileStrings } from './strings.js';
import type { HostileValue } from './types.js';

/** A hostile value as it would appear in a query string (before URL encoding). */
function asQueryText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'boolean' || value === null) return String(value);
  return null;
}

/**
 * Values for a URL query parameter: the hostile strings (the 1 MB one left out: no server takes such
 * a URL, that is a 414, tested apart), numbers, dates and injection payloads as text, plus values
 * that matter when a parameter is repeated or split (`a,b`, `[]`, empty). The caller URL-encodes.
 */
export function hostileQueryValues(): string[] {
  const fromValues = (values: HostileValue[]) =>
    values.map((v) => asQueryText(v.value)).filter((v): v is string => v !== null);
  const all = [
    ...fromValues(hostileStrings()).filter((s) => s.length <= 100 * 1024),
    ...fromValues(hostileNumbers()),
    ...fromValues(hostileDates()),
    ...injectionStrings(),
    'a,b,c',
    ',,,',
    '[]',
    '[0]',
    '{}',
    '&',
    '=',
    '&x=1',
    '?',
    '#fragment',
    '+',
    '%00',
    '%',
    '%zz',
    'true,false',
  ];
  return [...new Set(all)];
}
