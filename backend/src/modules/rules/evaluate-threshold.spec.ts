import { DEFAULT_RULES, type ThresholdRule } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { evaluateThreshold, renderTitle } from './evaluate-threshold.js';

const indoor = DEFAULT_RULES.find((r) => r.id === 'indoor-temp-low') as ThresholdRule;
const depth = DEFAULT_RULES.find((r) => r.id === 'underpass-depth') as ThresholdRule;

describe('evaluateThreshold: indoor temperature (below 18 °C; 2 °C below orange; more than 6 °C below red)', () => {
  it.each([
    [22, null, true],
    [18.5, null, true],
    [18.2, null, false],
    [18, null, false],
    [17.9, 'blue', false],
    [16.1, 'blue', false],
    [16, 'blue', false],
    [15.9, 'orange', false],
    [12, 'orange', false],
    [11.9, 'red', false],
    [-5, 'red', false],
  ] as const)('%s °C → %s, clear %s', (value, severity, clear) => {
    expect(evaluateThreshold(indoor, value)).toEqual({ severity, clear });
  });
});

describe('evaluateThreshold: underpass depth (blue 10, yellow 15, orange 20, red 25 cm)', () => {
  it.each([
    [0, null, true],
    [7.9, null, true],
    [8, null, false],
    [9.9, null, false],
    [10, 'blue', false],
    [15, 'yellow', false],
    [20, 'orange', false],
    [24.9, 'orange', false],
    [25, 'red', false],
    [120, 'red', false],
  ] as const)('%s cm → %s, clear %s', (value, severity, clear) => {
    expect(evaluateThreshold(depth, value)).toEqual({ severity, clear });
  });
});

describe('renderTitle', () => {
  it('fills the asset name and a rounded value', () => {
    expect(renderTitle(indoor, '南京路 3 号楼', 15.24)).toBe('南京路 3 号楼：15.2 °C，低于 18 °C');
    expect(renderTitle(depth, '解放桥下穿', 21)).toBe('解放桥下穿：积水 21 cm');
  });
});
