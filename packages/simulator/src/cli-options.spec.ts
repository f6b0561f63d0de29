import { describe, expect, it } from 'vitest';
import { integerOption, scaleOption, UsageError } from './cli-options.js';

describe('command line options', () => {
  it('reads a scale between 0.001 and 10, 1 when absent', () => {
    expect(scaleOption(undefined)).toBe(1);
    expect(scaleOption('0.01')).toBe(0.01);
    expect(scaleOption('5')).toBe(5);
    for (const bad of ['0', '-1', '11', 'big', 'NaN'])
      expect(() => scaleOption(bad)).toThrow(UsageError);
  });

  it('reads integers within bounds', () => {
    expect(integerOption('--port', undefined, 8090, 0, 65_535)).toBe(8090);
    expect(integerOption('--port', '0', 8090, 0, 65_535)).toBe(0);
    expect(() => integerOption('--port', '70000', 8090, 0, 65_535)).toThrow(/between 0 and 65535/);
    expect(() => integerOption('--tick-ms', '1.5', 1, 100)).toThrow(UsageError);
  });
});
