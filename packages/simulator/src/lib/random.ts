/**
 * A small seeded PRNG (mulberry32) so the same seed always yields the same city and the same noise.
 * Math.random is never used in the simulator: demos and tests must be reproducible.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  /** Uniform float in [min, max). */
  between(min: number, max: number): number;
  /** Normally distributed (Box-Muller). */
  normal(mean: number, sd: number): number;
  pick<T>(items: readonly T[]): T;
  pickWeighted<T>(items: readonly { item: T; weight: number }[]): T;
  /** An independent stream derived from this seed and a label (adding a consumer does not shift the others). */
  fork(label: string): Random;
}

export function hashSeed(seed: string | number): number {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function createRandom(seed: string | number): Random {
  let state = hashSeed(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    normal: (mean, sd) => {
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    pick: (items) => {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    pickWeighted: (items) => {
      const total = items.reduce((sum, i) => sum + i.weight, 0);
      let roll = next() * total;
      for (const entry of items) {
        roll -= entry.weight;
        if (roll < 0) return entry.item;
      }
      return items[items.length - 1]!.item;
    },
    fork: (label) => createRandom(`${seed}/${label}`),
  };
  return random;
}

/**
 * How many events of a Poisson process with mean `lambda` happen (Knuth for small means, a rounded
 * normal for large ones, where exp(-lambda) would underflow).
 */
export function poisson(random: Random, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 50) return Math.max(0, Math.round(random.normal(lambda, Math.sqrt(lambda))));
  const limit = Math.exp(-lambda);
  let count = 0;
  for (let product = random.next(); product > limit; product *= random.next()) count += 1;
  return count;
}
