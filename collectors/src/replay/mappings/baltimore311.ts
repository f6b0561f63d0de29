import type { CaseCategory, CaseStatus } from '@cityops/contracts';
import { timeParser } from '../../lib/zoned-time.js';
import { missingColumns, type ReplayMapping, type ReplayRecord } from './types.js';

/** Baltimore City's bounding box, and the box of central Tianjin it is drawn onto with --relocate. */
export const BALTIMORE_BOX = { west: -76.7114, east: -76.5294, south: 39.1972, north: 39.3722 };
export const CENTRAL_TIANJIN_BOX = { west: 117.1, east: 117.3, south: 39.04, north: 39.22 };

/**
 * Demo only: a point of the Baltimore box moved linearly onto central Tianjin (west edge to west
 * edge, north to north), so real 311 patterns can be shown on the Tianjin map. Points outside the
 * Baltimore box (the county) get null.
 */
export function relocateToTianjin(lng: number, lat: number): [number, number] | null {
  const b = BALTIMORE_BOX;
  const t = CENTRAL_TIANJIN_BOX;
  if (lng < b.west || lng > b.east || lat < b.south || lat > b.north) return null;
  const x = (lng - b.west) / (b.east - b.west);
  const y = (lat - b.south) / (b.north - b.south);
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return [round(t.west + x * (t.east - t.west)), round(t.south + y * (t.north - t.south))];
}

/** SRType (without "SW-") to our categories. */
export function caseCategory(srType: string): CaseCategory {
  const type = srType.replace(/^SW-/, '');
  if (/snow|ice/i.test(type)) return 'snow_ice';
  if (/dirty (street|alley)|cleaning|sweeping|leaf/i.test(type)) return 'dirty_street';
  if (
    /bulk|refuse|trash|garbage|hgw|appliance|bag|dumpster|debris|recycl|clean up|christmas tree|pitch-in/i.test(
      type,
    )
  )
    return 'garbage_pile';
  return 'other';
}

/** SRStatus to ours: Closed (also "Closed (Duplicate)") → closed, In Progress → in_progress, New/Open → open. */
export function caseStatus(srStatus: string): CaseStatus {
  if (/^closed/i.test(srStatus)) return 'closed';
  if (/progress/i.test(srStatus)) return 'in_progress';
  return 'open';
}

/**
 * Baltimore 311 service requests (Open Baltimore): the sanitation ones (SRType "SW-…") become cases,
 * the rest are skipped. Dates like "04/12/2018 11:11:26 AM" are New York time. id BAL-<number>;
 * MethodReceived Internal/System → inspector, otherwise hotline; updatedAt is CloseDate for a closed
 * case, else StatusDate (never before CreatedDate). A row without a location or with the (39, -77)
 * placeholder is refused before it can be placed. Baltimore lies outside Tianjin, so without
 * --relocate every case is refused as outside_city by the validation, as it should be.
 */
export const baltimore311Mapping: ReplayMapping = {
  name: 'baltimore311',
  domain: 'sanitation',
  defaultTimezone: 'America/New_York',
  checkHeader(header) {
    return missingColumns(header, [
      'ServiceRequestNum',
      'SRType',
      'MethodReceived',
      'CreatedDate',
      'SRStatus',
      'StatusDate',
      'DueDate',
      'Latitude',
      'Longitude',
    ]);
  },
  rows(_header, options) {
    const parse = timeParser('MM/dd/yyyy hh:mm:ss a', options.timezone);
    return (row, line): ReplayRecord[] => {
      const srType = row.SRType ?? '';
      if (!srType.startsWith('SW-')) return [];
      const id = `BAL-${(row.ServiceRequestNum ?? '').trim()}`;
      const reject = (
        reason: 'schema_invalid' | 'outside_city',
        detail: string,
      ): ReplayRecord[] => [{ kind: 'reject', line, reason, detail, sensorId: id, payload: row }];
      const latText = (row.Latitude ?? '').trim();
      const lngText = (row.Longitude ?? '').trim();
      if (latText === '' || lngText === '') return reject('schema_invalid', 'no location');
      const lat = Number(latText);
      const lng = Number(lngText);
      if (lat === 39 && lng === -77)
        return reject('outside_city', 'placeholder location (39, -77), not a real place');
      let location: [number, number] = [lng, lat];
      if (options.relocate) {
        const moved = relocateToTianjin(lng, lat);
        if (!moved)
          return reject(
            'outside_city',
            `(${lng}, ${lat}) is outside the Baltimore box --relocate maps`,
          );
        location = moved;
      }
      const reportedAt = parse(row.CreatedDate ?? '');
      const dueAt = parse(row.DueDate ?? '');
      const status = caseStatus(row.SRStatus ?? '');
      const closedAt = parse(row.CloseDate ?? '');
      const statusAt = parse(row.StatusDate ?? '');
      const changedAt = status === 'closed' ? (closedAt ?? statusAt) : statusAt;
      if (reportedAt === null || dueAt === null || changedAt === null)
        return reject(
          'schema_invalid',
          'CreatedDate, DueDate or StatusDate is not a date like 04/12/2018 11:11:26 AM',
        );
      const method = (row.MethodReceived ?? '').trim();
      return [
        {
          kind: 'case',
          line,
          ts: Math.max(reportedAt, changedAt),
          times: { reportedAt, dueAt },
          fields: {
            id,
            category: caseCategory(srType),
            source: /^(internal|system)$/i.test(method) ? 'inspector' : 'hotline',
            status,
            lng: location[0],
            lat: location[1],
            description: `${srType}${row.Address ? ` — ${row.Address}` : ''}`.slice(0, 2000),
          },
        },
      ];
    };
  },
};
