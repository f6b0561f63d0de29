import fc from 'fast-check';

/** The seed used when none is given, so a failing run can be repeated exactly. */
export const DEFAULT_SEED = 20_260_701;

/** `count` values of an arbitrary, the same ones for the same seed. */
export function sample<T>(arbitrary: fc.Arbitrary<T>, count: number, seed = DEFAULT_SEED): T[] {
  if (count <= 0) return [];
  return fc.sample(arbitrary, { seed, numRuns: count });
}
