import { truncatePayload } from '@cityops/contracts';

/**
 * contracts' truncatePayload, safe for any input: a value nested too deep for JSON.stringify (and
 * for its String() fallback, e.g. a 30 000-deep array from a hostile source) throws a RangeError
 * there, which would crash the MQTT client's message handler or fail a whole HTTP page forever.
 */
export function quarantinePayload(value: unknown): string {
  try {
    return truncatePayload(value);
  } catch {
    return '(not serialisable: nested too deep)';
  }
}
