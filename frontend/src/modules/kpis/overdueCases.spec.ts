import type { CaseDto } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { overdueCases } from './overdueCases';

const makeCase = (id: string, overrides: Partial<CaseDto> = {}): CaseDto => ({
  id,
  category: 'garbage_pile',
  source: 'hotline',
  status: 'open',
  reportedAt: '2026-11-26T00:00:00Z',
  updatedAt: '2026-11-26T00:00:00Z',
  dueAt: '2026-11-26T04:00:00Z',
  closedAt: null,
  district: '120104',
  location: [117.2, 39.13],
  description: '路边垃圾堆放',
  overdue: false,
  ...overrides,
});

describe('overdueCases', () => {
  it('counts the open and in-progress cases past their time limit, out of all open ones', () => {
    expect(
      overdueCases([
        makeCase('1', { overdue: true }),
        makeCase('2', { status: 'in_progress', overdue: true }),
        makeCase('3'),
        // Closed late: overdue, but not open any more.
        makeCase('4', { status: 'closed', overdue: true, closedAt: '2026-11-26T05:00:00Z' }),
      ]),
    ).toEqual({ overdue: 2, open: 3 });
  });

  it('is zero before the cases have loaded', () => {
    expect(overdueCases(undefined)).toEqual({ overdue: 0, open: 0 });
  });
});
