import { describe, expect, it } from 'vitest';
import { parseSilenceStates, serializeSilenceStates } from './silenceStates';

describe('silence state filter ⇄ URL query', () => {
  it('reads known states in the canonical order and drops the rest', () => {
    expect(parseSilenceStates(new URLSearchParams('state=expired,active,bogus'))).toEqual([
      'active',
      'expired',
    ]);
    expect(parseSilenceStates(new URLSearchParams(''))).toEqual([]);
  });

  it('writes one spelling, and nothing for "every state"', () => {
    expect(serializeSilenceStates(['expired', 'pending']).toString()).toBe(
      'state=pending%2Cexpired',
    );
    expect(serializeSilenceStates([]).toString()).toBe('');
    const states = ['pending', 'active'] as const;
    expect(parseSilenceStates(serializeSilenceStates(states))).toEqual(states);
  });
});
