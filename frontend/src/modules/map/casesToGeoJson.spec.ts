import type { CaseDto } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { casesToGeoJson } from './casesToGeoJson';

const makeCase = (overrides: Partial<CaseDto> = {}): CaseDto => ({
  id: 'SC-20261126-0001',
  category: 'garbage_pile',
  source: 'hotline',
  status: 'open',
  reportedAt: '2026-11-26T00:00:00.000Z',
  updatedAt: '2026-11-26T00:00:00.000Z',
  dueAt: '2026-11-26T04:00:00.000Z',
  closedAt: null,
  district: '120104',
  location: [117.15, 39.12],
  description: '',
  overdue: false,
  ...overrides,
});

describe('casesToGeoJson', () => {
  it('places each open case at its location with its id and whether it is overdue', () => {
    expect(casesToGeoJson([makeCase({ id: 'SC-1', overdue: true })])).toEqual([
      {
        type: 'Feature',
        id: 'SC-1',
        geometry: { type: 'Point', coordinates: [117.15, 39.12] },
        properties: { id: 'SC-1', category: 'garbage_pile', status: 'open', overdue: true },
      },
    ]);
  });

  it('keeps cases in progress and leaves closed ones out', () => {
    const ids = casesToGeoJson([
      makeCase({ id: 'a', status: 'open' }),
      makeCase({ id: 'b', status: 'in_progress' }),
      makeCase({ id: 'c', status: 'closed' }),
    ]).map((f) => f.id);
    expect(ids).toEqual(['a', 'b']);
  });

  it('is empty before the cases have loaded', () => {
    expect(casesToGeoJson(undefined)).toEqual([]);
  });
});
