import { describe, expect, it } from 'vitest';
import {
  MAX_CHAIN_DEPTH,
  type UpstreamIncident,
  isDownstreamOfOpenIncident,
  openAt,
  parentChain,
  upstreamCause,
} from './suppression.js';

// indoor sensor → station → heat source; a second station on the same source; a lone underpass.
const parents = new Map<string, string | null>([
  ['IS-0001', 'ST-0001'],
  ['ST-0001', 'HS-0001'],
  ['HS-0001', null],
  ['ST-0002', 'HS-0001'],
  ['WL-0001', null],
]);

const T = Date.parse('2026-11-26T08:00:00Z');
const incident = (overrides: Partial<UpstreamIncident>): UpstreamIncident => ({
  id: 'i-hs',
  assetId: 'HS-0001',
  openedAt: T,
  resolvedAt: null,
  ...overrides,
});

describe('parentChain', () => {
  it.each([
    ['IS-0001', ['ST-0001', 'HS-0001']],
    ['ST-0002', ['HS-0001']],
    ['HS-0001', []],
    ['WL-0001', []],
    ['unknown', []],
  ])('walks %s up to %j', (asset, chain) => {
    expect(parentChain(asset, parents)).toEqual(chain);
  });

  it('stops at a parent missing from the registry', () => {
    expect(parentChain('X', new Map([['X', 'GONE']]))).toEqual(['GONE']);
  });

  it('stops at a cycle an import could create', () => {
    const cyclic = new Map([
      ['A', 'B'],
      ['B', 'C'],
      ['C', 'A'],
    ]);
    expect(parentChain('A', cyclic)).toEqual(['B', 'C']);
    expect(parentChain('B', cyclic)).toEqual(['C', 'A']);
  });

  it('stops at the depth limit on a very long chain', () => {
    const long = new Map(Array.from({ length: 100 }, (_, i) => [`N${i}`, `N${i + 1}`] as const));
    expect(parentChain('N0', long)).toHaveLength(MAX_CHAIN_DEPTH);
  });
});

describe('openAt (event time)', () => {
  it.each([
    ['before it opened', { openedAt: T }, T - 1, false],
    ['the moment it opened', { openedAt: T }, T, true],
    ['while open', { openedAt: T, resolvedAt: null }, T + 9e9, true],
    ['before it resolved', { openedAt: T, resolvedAt: T + 10 }, T + 9, true],
    ['when it resolved', { openedAt: T, resolvedAt: T + 10 }, T + 10, false],
  ])('%s → %s', (_, i, at, expected) => {
    expect(openAt({ resolvedAt: null, ...i }, at)).toBe(expected);
  });
});

describe('upstreamCause', () => {
  const chain = ['ST-0001', 'HS-0001'];

  it('links to the heat source incident open when the indoor incident opens', () => {
    expect(upstreamCause(chain, [incident({})], T + 60_000)?.id).toBe('i-hs');
  });

  it('prefers the root cause furthest upstream over the nearer station', () => {
    const station = incident({ id: 'i-st', assetId: 'ST-0001', openedAt: T - 60_000 });
    expect(upstreamCause(chain, [station, incident({})], T + 1)?.id).toBe('i-hs');
  });

  it('takes the station when the heat source has nothing open', () => {
    const station = incident({ id: 'i-st', assetId: 'ST-0001' });
    const resolvedSource = incident({ resolvedAt: T + 5 });
    expect(upstreamCause(chain, [resolvedSource, station], T + 10)?.id).toBe('i-st');
  });

  it('of two incidents on the same ancestor, takes the earlier opened', () => {
    const a = incident({ id: 'later', openedAt: T + 5 });
    const b = incident({ id: 'earlier', openedAt: T });
    expect(upstreamCause(chain, [a, b], T + 10)?.id).toBe('earlier');
  });

  it('no longer suppresses what opens after the upstream incident resolved', () => {
    expect(upstreamCause(chain, [incident({ resolvedAt: T + 100 })], T + 100)).toBeNull();
  });

  it('ignores incidents on assets that are not ancestors', () => {
    expect(upstreamCause(chain, [incident({ assetId: 'ST-0002' })], T + 1)).toBeNull();
    expect(upstreamCause([], [incident({})], T + 1)).toBeNull();
  });
});

describe('isDownstreamOfOpenIncident', () => {
  it.each([
    ['the indoor sensor under the faulty source', 'IS-0001', true],
    ['the other station on the same source', 'ST-0002', true],
    ['the heat source itself', 'HS-0001', false],
    ['an unrelated underpass', 'WL-0001', false],
  ])('%s → %s', (_, asset, expected) => {
    expect(isDownstreamOfOpenIncident(asset, parents, [incident({})], T + 1)).toBe(expected);
  });
});
