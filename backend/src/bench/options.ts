/** A problem the user can fix (a flag, a service, a build): printed without a stack trace. */
export class UsageError extends Error {}

/** The value of `--name` as a whole number within [min, max]; a UsageError otherwise. */
export function wholeNumberOption(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}
