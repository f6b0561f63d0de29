import { describe, expect, it } from 'vitest';
import { makeIncident } from '../incidents/makeIncident';
import { incidentsToGeoJson } from './incidentsToGeoJson';

describe('incidentsToGeoJson', () => {
  it('turns each located incident into a point carrying its severity', () => {
    const geojson = incidentsToGeoJson([
      makeIncident({ id: 'a', severity: 'red', location: [117.1, 39.1] }),
    ]);
    expect(geojson.features).toEqual([
      {
        type: 'Feature',
        id: 'a',
        geometry: { type: 'Point', coordinates: [117.1, 39.1] },
        properties: { id: 'a', severity: 'red', rank: 3, title: '积水深度 15 cm' },
      },
    ]);
  });

  it('leaves out incidents without a location (e.g. a district-wide rainfall warning)', () => {
    expect(incidentsToGeoJson([makeIncident({ location: null })]).features).toEqual([]);
  });
});
