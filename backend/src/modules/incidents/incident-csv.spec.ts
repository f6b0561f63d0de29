import { INCIDENT_CSV_HEADER, type Incident, parseCsv } from '@cityops/contracts';
import { describe, expect, it } from 'vitest';
import { csvRow } from '../../infra/http/csv-writer.js';
import { SAMPLE_INCIDENT } from '../../testing/sample-incident.js';
import { incidentCsvFields, localDateTime, secondsBetween } from './incident-csv.js';

const incident: Incident = {
  ...SAMPLE_INCIDENT,
  status: 'resolved',
  openedAt: '2026-11-25T23:55:00.000Z',
  acknowledgedAt: '2026-11-26T00:07:30.000Z',
  acknowledgedBy: 'wang',
  resolvedAt: '2026-11-26T01:25:00.000Z',
  resolvedBy: 'system',
  updatedAt: '2026-11-26T01:25:00.000Z',
};

describe('incident CSV rows', () => {
  it('writes the city wall-clock time, which crosses midnight from UTC', () => {
    expect(localDateTime('2026-11-25T23:55:00.000Z', 'Asia/Shanghai')).toBe('2026-11-26 07:55:00');
    expect(localDateTime(null, 'Asia/Shanghai')).toBeNull();
    expect(localDateTime('not a time', 'Asia/Shanghai')).toBeNull();
  });

  it('gives times to acknowledge and resolve in whole seconds, null while pending', () => {
    expect(secondsBetween(incident.openedAt, incident.acknowledgedAt)).toBe(750);
    expect(secondsBetween(incident.openedAt, null)).toBeNull();
    // A clock skew never gives a negative duration.
    expect(secondsBetween('2026-11-26T00:00:10Z', '2026-11-26T00:00:00Z')).toBe(0);
  });

  it('fills every column of the header in order', () => {
    const fields = incidentCsvFields(incident, 'Asia/Shanghai');
    expect(fields).toHaveLength(INCIDENT_CSV_HEADER.length);
    const row = Object.fromEntries(INCIDENT_CSV_HEADER.map((h, i) => [h, fields[i]]));
    expect(row).toEqual({
      id: incident.id,
      openedAt: '2026-11-26 07:55:00',
      severity: 'red',
      domain: 'waterlogging',
      district: '120101',
      districtName: '和平区',
      title: '解放桥下穿：积水 42 cm',
      status: 'resolved',
      assetId: 'WL-0001',
      assetName: '解放桥下穿',
      metric: 'depthCm',
      lastValue: 42,
      acknowledgedAt: '2026-11-26 08:07:30',
      acknowledgedBy: 'wang',
      resolvedAt: '2026-11-26 09:25:00',
      resolvedBy: 'system',
      ttaSeconds: 750,
      ttrSeconds: 5400,
    });
  });

  it('leaves empty cells for what an open incident does not have yet', () => {
    const open = { ...incident, status: 'open' as const, acknowledgedAt: null, resolvedAt: null };
    const { acknowledgedBy: _a, resolvedBy: _r, ...older } = open; // a DTO from an older producer
    const fields = incidentCsvFields(older, 'Asia/Shanghai');
    const at = (column: (typeof INCIDENT_CSV_HEADER)[number]) =>
      fields[INCIDENT_CSV_HEADER.indexOf(column)];
    expect([
      at('acknowledgedAt'),
      at('acknowledgedBy'),
      at('ttaSeconds'),
      at('ttrSeconds'),
    ]).toEqual([null, null, null, null]);
  });

  it('defuses formulas a hostile asset name or title carries, and the CSV still parses back', () => {
    const hostile = {
      ...incident,
      assetName: `=cmd|' /C calc'!A0`,
      title: '@SUM(1+1)*cmd|"/C calc"!A0',
    };
    const line = csvRow(incidentCsvFields(hostile, 'Asia/Shanghai'));
    const [parsed] = parseCsv(line);
    const cell = (column: (typeof INCIDENT_CSV_HEADER)[number]) =>
      parsed!.fields[INCIDENT_CSV_HEADER.indexOf(column)];
    expect(cell('assetName')).toBe(`'=cmd|' /C calc'!A0`);
    expect(cell('title')).toBe(`'@SUM(1+1)*cmd|"/C calc"!A0`);
    expect(parsed!.fields.every((f) => !/^[=+\-@]/.test(f))).toBe(true);
  });
});
