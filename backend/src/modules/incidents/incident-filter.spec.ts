import { describe, expect, it } from 'vitest';
import { incidentFilterSql } from './incident-filter.js';

describe('incidentFilterSql', () => {
  it('adds no condition without filters', () => {
    const params: unknown[] = [];
    expect(incidentFilterSql({}, 'i', params)).toEqual([]);
    expect(params).toEqual([]);
  });

  it('numbers its parameters after the ones already there and never puts values in the SQL', () => {
    const params: unknown[] = ['before'];
    const where = incidentFilterSql(
      {
        status: ['resolved'],
        domain: ['heating', 'sanitation'],
        severity: ['red'],
        district: ['120101'],
        category: ['garbage_pile'],
        handledBy: "o'brien",
        from: '2026-11-01T00:00:00+08:00',
        to: '2026-11-02T00:00:00+08:00',
      },
      'i',
      params,
    );
    expect(where).toEqual([
      'i.status = ANY($2::text[])',
      'i.domain = ANY($3::text[])',
      'i.severity = ANY($4::text[])',
      'i.district = ANY($5::text[])',
      "i.domain = 'sanitation' AND EXISTS (SELECT 1 FROM cases fc WHERE fc.id = i.asset_id AND fc.category = ANY($6::text[]))",
      '(i.acknowledged_by = $7 OR i.resolved_by = $7)',
      'i.opened_at >= $8::timestamptz',
      'i.opened_at < $9::timestamptz',
    ]);
    expect(params).toEqual([
      'before',
      ['resolved'],
      ['heating', 'sanitation'],
      ['red'],
      ['120101'],
      ['garbage_pile'],
      "o'brien",
      '2026-11-01T00:00:00+08:00',
      '2026-11-02T00:00:00+08:00',
    ]);
    expect(where.join(' ')).not.toContain('brien');
  });

  it('skips empty lists', () => {
    const params: unknown[] = [];
    expect(incidentFilterSql({ status: [], domain: [] }, 'incidents', params)).toEqual([]);
  });
});
