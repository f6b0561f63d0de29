import { describe, expect, it } from 'vitest';
import { makeIncident } from './makeIncident';
import { severityCounts } from './severityCounts';

describe('severityCounts', () => {
  it('counts incidents per severity and reports zero for the others', () => {
    const counts = severityCounts([
      makeIncident({ id: '1', severity: 'red' }),
      makeIncident({ id: '2', severity: 'red' }),
      makeIncident({ id: '3', severity: 'blue' }),
    ]);
    expect(counts).toEqual({ red: 2, orange: 0, yellow: 0, blue: 1 });
  });
});
