import { describe, expect, it } from 'vitest';
import {
  INCIDENT_EXPORT_MAX_ROWS,
  IncidentExportQuerySchema,
  IncidentListQuerySchema,
} from './incidents.js';
import { IncidentStatsQuerySchema } from './stats.js';

describe('incident filters shared by the list, the export and the statistics', () => {
  it('takes category lists and a trimmed handledBy on the list', () => {
    expect(
      IncidentListQuerySchema.parse({ category: 'garbage_pile, snow_ice', handledBy: ' zhang ' }),
    ).toMatchObject({ category: ['garbage_pile', 'snow_ice'], handledBy: 'zhang', limit: 100 });
  });

  it.each([
    [{ category: 'parking' }],
    [{ handledBy: '' }],
    [{ handledBy: '   ' }],
    [{ handledBy: 'x'.repeat(101) }],
  ])('refuses %j', (query) => {
    expect(IncidentListQuerySchema.safeParse(query).success).toBe(false);
    expect(IncidentExportQuerySchema.safeParse(query).success).toBe(false);
    expect(IncidentStatsQuerySchema.safeParse(query).success).toBe(false);
  });

  it('exports at most INCIDENT_EXPORT_MAX_ROWS rows, by default all of them', () => {
    expect(IncidentExportQuerySchema.parse({}).limit).toBe(INCIDENT_EXPORT_MAX_ROWS);
    expect(IncidentExportQuerySchema.parse({ limit: '10' }).limit).toBe(10);
    expect(
      IncidentExportQuerySchema.safeParse({ limit: String(INCIDENT_EXPORT_MAX_ROWS + 1) }).success,
    ).toBe(false);
    // No paging cursor on an export.
    expect(IncidentExportQuerySchema.safeParse({ cursor: 'abc' }).success).toBe(false);
  });

  it('refuses an export window that ends before it starts', () => {
    const result = IncidentExportQuerySchema.safeParse({
      from: '2026-11-02T00:00:00+08:00',
      to: '2026-11-01T00:00:00+08:00',
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['from']);
  });

  it('groups statistics by day and narrows them with the list filters', () => {
    expect(
      IncidentStatsQuerySchema.parse({ groupBy: 'day', domain: 'heating', district: '120101' }),
    ).toMatchObject({ groupBy: 'day', domain: ['heating'], district: ['120101'] });
    expect(IncidentStatsQuerySchema.safeParse({ groupBy: 'week' }).success).toBe(false);
  });
});
