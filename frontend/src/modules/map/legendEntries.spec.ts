import { describe, expect, it } from 'vitest';
import { legendEntries } from './legendEntries';
import { ALL_LAYERS_ON, type LayerToggleState } from './layerToggleState';

const only = (...groups: (keyof LayerToggleState)[]): LayerToggleState =>
  Object.fromEntries(
    Object.keys(ALL_LAYERS_ON).map((group) => [group, groups.includes(group as never)]),
  ) as LayerToggleState;

const labels = (enabled: LayerToggleState) =>
  legendEntries(enabled, 'dark').map((entry) => entry.label);

describe('legendEntries', () => {
  it('explains every group when all are on, warning colours first, red to blue', () => {
    const all = labels(ALL_LAYERS_ON);
    expect(all.slice(0, 4)).toEqual([
      'severity.red',
      'severity.orange',
      'severity.yellow',
      'severity.blue',
    ]);
    expect(all).toEqual(
      expect.arrayContaining([
        'map.legend.heatSource',
        'map.legend.heatingLink',
        'map.legend.indoorHeat',
        'map.legend.waterlogging',
        'map.legend.rainGauge',
        'map.legend.case',
        'map.legend.caseOverdue',
        'map.legend.offline',
      ]),
    );
  });

  it('shows only the enabled groups’ entries', () => {
    expect(labels(only('cases'))).toEqual(['map.legend.case', 'map.legend.caseOverdue']);
    const rain = labels(only('rain'));
    expect(rain).toContain('map.legend.rainGauge');
    expect(rain).toContain('map.legend.offline');
    expect(rain).not.toContain('map.legend.heatSource');
    expect(labels(only('incidents'))).toEqual([
      'severity.red',
      'severity.orange',
      'severity.yellow',
      'severity.blue',
    ]);
  });

  it('is empty with every group off', () => {
    expect(legendEntries(only(), 'light')).toEqual([]);
  });
});
