import { describe, expect, it } from 'vitest';
import { quarantinePayload } from './quarantine-payload.js';

describe('quarantinePayload', () => {
  it('truncates like truncatePayload', () => {
    expect(quarantinePayload({ a: 1 })).toBe('{"a":1}');
    expect(quarantinePayload('x'.repeat(5000))).toHaveLength(4096);
  });

  it('does not throw on a value nested too deep to serialise', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(quarantinePayload(deep)).toBe('(not serialisable: nested too deep)');
  });
});
