import { type Incident, INCIDENT_CSV_HEADER, districtName } from '@cityops/contracts';
import { offsetMs } from '../../infra/zoned-time.js';

/** "2026-11-26 08:05:09": the instant as wall-clock time in the zone, to the second (spreadsheets read it as a date). */
export function localDateTime(iso: string | null, timeZone: string): string | null {
  if (iso === null) return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  return new Date(at + offsetMs(timeZone, at)).toISOString().slice(0, 19).replace('T', ' ');
}

/** Whole seconds from `from` to `to`, never negative; null while `to` has not happened. */
export function secondsBetween(from: string, to: string | null): number | null {
  if (to === null) return null;
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
}

/**
 * One incident as the fields of an export row, in the order of INCIDENT_CSV_HEADER. Text stays as
 * it is here: `csvRow` quotes it and defuses spreadsheet formulas.
 */
export function incidentCsvFields(
  incident: Incident,
  timeZone: string,
): (string | number | null)[] {
  const fields: Record<(typeof INCIDENT_CSV_HEADER)[number], string | number | null> = {
    id: incident.id,
    openedAt: localDateTime(incident.openedAt, timeZone),
    severity: incident.severity,
    domain: incident.domain,
    district: incident.district,
    districtName: incident.district ? districtName(incident.district) : null,
    title: incident.title,
    status: incident.status,
    assetId: incident.assetId,
    assetName: incident.assetName,
    metric: incident.metric,
    lastValue: incident.lastValue,
    acknowledgedAt: localDateTime(incident.acknowledgedAt, timeZone),
    acknowledgedBy: incident.acknowledgedBy ?? null,
    resolvedAt: localDateTime(incident.resolvedAt, timeZone),
    resolvedBy: incident.resolvedBy ?? null,
    ttaSeconds: secondsBetween(incident.openedAt, incident.acknowledgedAt),
    ttrSeconds: secondsBetween(incident.openedAt, incident.resolvedAt),
  };
  return INCIDENT_CSV_HEADER.map((column) => fields[column]);
}
