import { describe, expect, it } from 'vitest';
import { makeIncident } from '../incidents/makeIncident';
import { incidentsByDomain } from './incidentsByDomain';

describe('incidentsByDomain', () => {
  it('counts open incidents per domain with the worst colour, every domain present', () => {
    const loads = incidentsByDomain([
      makeIncident({ id: '1', domain: 'heating', severity: 'yellow' }),
      makeIncident({ id: '2', domain: 'heating', severity: 'red' }),
      makeIncident({ id: '3', domain: 'heating', severity: 'blue' }),
      makeIncident({ id: '4', domain: 'waterlogging', severity: 'orange' }),
    ]);
    expect(loads).toEqual({
      heating: { count: 3, worst: 'red' },
      waterlogging: { count: 1, worst: 'orange' },
      sanitation: { count: 0, worst: null },
    });
  });

  it('reports zero everywhere when nothing is open', () => {
    expect(incidentsByDomain([]).sanitation).toEqual({ count: 0, worst: null });
  });
});
