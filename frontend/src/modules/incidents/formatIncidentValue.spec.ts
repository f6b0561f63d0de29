import { describe, expect, it } from 'vitest';
import { formatIncidentValue } from './formatIncidentValue';

describe('formatIncidentValue', () => {
  it('adds the metric unit from the shared metric table', () => {
    expect(formatIncidentValue({ metric: 'depthCm', lastValue: 23.46 })).toBe('23.5 cm');
    expect(formatIncidentValue({ metric: 'indoorTempC', lastValue: 16 })).toBe('16 °C');
  });

  it('shows a bare number for an unknown metric and nothing without a value', () => {
    expect(formatIncidentValue({ metric: 'mystery', lastValue: 3 })).toBe('3');
    expect(formatIncidentValue({ metric: 'depthCm', lastValue: null })).toBeNull();
  });
});
