import { describe, expect, it, vi } from 'vitest';
import { memoizeByObject } from './memoizeByObject';

describe('memoizeByObject', () => {
  it('builds once per input object and gives the same result object again', () => {
    const build = vi.fn((key: { n: number }) => ({ double: key.n * 2 }));
    const memo = memoizeByObject(build);
    const a = { n: 1 };
    expect(memo(a)).toBe(memo(a));
    expect(memo({ n: 1 })).not.toBe(memo(a));
    expect(build).toHaveBeenCalledTimes(2);
  });
});
