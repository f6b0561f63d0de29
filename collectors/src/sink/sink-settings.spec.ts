import { describe, expect, it } from 'vitest';
import { DEFAULT_SINK_SETTINGS, parseByteSize, writerSinkOptions } from './sink-settings.js';

describe('parseByteSize', () => {
  it('reads plain bytes and binary and decimal units', () => {
    expect(parseByteSize('1073741824')).toBe(1024 ** 3);
    expect(parseByteSize('1GiB')).toBe(1024 ** 3);
    expect(parseByteSize('512 MiB')).toBe(512 * 1024 ** 2);
    expect(parseByteSize('2g')).toBe(2 * 1024 ** 3);
    expect(parseByteSize('1.5GB')).toBe(1.5e9);
    expect(parseByteSize('0')).toBe(0);
  });

  it('refuses what is not a size', () => {
    expect(parseByteSize('')).toBeNull();
    expect(parseByteSize('-1')).toBeNull();
    expect(parseByteSize('12 parsecs')).toBeNull();
    expect(parseByteSize('1e9')).toBeNull();
  });
});

describe('writerSinkOptions', () => {
  it('puts the spool under the state directory, and leaves it out when its size is 0', () => {
    expect(writerSinkOptions('/var/lib/collectors')).toEqual({
      spool: { dir: '/var/lib/collectors/spool', maxBytes: 1024 ** 3 },
      requestTimeoutMs: 10_000,
      maxInFlight: 4,
    });
    expect(
      writerSinkOptions('/s', { ...DEFAULT_SINK_SETTINGS, spoolMaxBytes: 0 }).spool,
    ).toBeNull();
  });
});
