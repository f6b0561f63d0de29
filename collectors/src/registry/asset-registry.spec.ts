import { describe, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger.js';
import { AssetRegistry, isStale, parseRegistryHash, type HashReader } from './asset-registry.js';

const options = { maxAgeMs: 10_000 };
const station = JSON.stringify({ domain: 'heating', kind: 'heat_station', district: '120101' });

/** An in-memory stand-in for the Redis hash, counting calls. */
function hashReader(hash: Record<string, string>) {
  const calls = { hgetall: 0, hmget: 0 };
  const reader: HashReader = {
    hgetall: async () => {
      calls.hgetall += 1;
      return { ...hash };
    },
    hmget: async (_key, ...fields) => {
      calls.hmget += 1;
      return fields.map((f) => hash[f] ?? null);
    },
  };
  return { reader, calls };
}

describe('isStale', () => {
  it('loads the first time and when the cache is older than the refresh interval', () => {
    expect(isStale(null, 0, options)).toBe(true);
    expect(isStale(0, 9_999, options)).toBe(false);
    expect(isStale(0, 10_000, options)).toBe(true);
  });
});

describe('parseRegistryHash', () => {
  it('keeps valid entries and reports the malformed ones', () => {
    const { entries, invalid } = parseRegistryHash({
      'ST-0001': station,
      bad1: '{',
      bad2: JSON.stringify({ domain: 'heating' }),
    });
    expect([...entries.keys()]).toEqual(['ST-0001']);
    expect(invalid.sort()).toEqual(['bad1', 'bad2']);
  });
});

describe('AssetRegistry', () => {
  it('serves known ids from the cache and reloads the whole registry only when it is stale', async () => {
    const { reader, calls } = hashReader({ 'ST-0001': station });
    let now = 0;
    const registry = new AssetRegistry(reader, 'k', silentLogger, options, () => now);
    await registry.resolve(['ST-0001']);
    now = 5_000;
    await registry.resolve(['ST-0001']);
    expect(calls).toEqual({ hgetall: 1, hmget: 0 });
    now = 10_000;
    await registry.resolve(['ST-0001']);
    expect(calls.hgetall).toBe(2);
  });

  it('accepts an asset registered a moment ago by looking up the ids the cache lacks', async () => {
    const hash: Record<string, string> = { 'ST-0001': station };
    const { reader, calls } = hashReader(hash);
    const registry = new AssetRegistry(reader, 'k', silentLogger, options, () => 0);
    expect([...(await registry.resolve(['ST-0001', 'ST-0002'])).keys()]).toEqual(['ST-0001']);
    hash['ST-0002'] = station;
    expect([...(await registry.resolve(['ST-0002'])).keys()]).toEqual(['ST-0002']);
    expect(calls).toEqual({ hgetall: 1, hmget: 2 });
  });
});
