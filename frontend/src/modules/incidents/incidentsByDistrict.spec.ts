import { describe, expect, it } from 'vitest';
import { incidentsByDistrict } from './incidentsByDistrict';
import { makeIncident } from './makeIncident';

describe('incidentsByDistrict', () => {
  it('ranks districts by open incidents, then by their worst severity', () => {
    const ranking = incidentsByDistrict(
      [
        makeIncident({ id: '1', district: '120104', severity: 'blue' }),
        makeIncident({ id: '2', district: '120104', severity: 'orange' }),
        makeIncident({ id: '3', district: '120103', severity: 'red' }),
        makeIncident({ id: '4', district: '120116', severity: 'yellow' }),
        makeIncident({ id: '5', district: null, severity: 'red' }),
      ],
      10,
    );
    expect(ranking).toEqual([
      { code: '120104', count: 2, worst: 'orange' },
      { code: '120103', count: 1, worst: 'red' },
      { code: '120116', count: 1, worst: 'yellow' },
    ]);
  });

  it('keeps only the first few', () => {
    const incidents = ['120101', '120102', '120103'].map((district, i) =>
      makeIncident({ id: String(i), district }),
    );
    expect(incidentsByDistrict(incidents, 2)).toHaveLength(2);
  });
});
