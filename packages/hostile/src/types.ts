/** One hostile input: a short human description (for test names and failure messages) and the value. */
export interface HostileValue {
  label: string;
  value: unknown;
}
