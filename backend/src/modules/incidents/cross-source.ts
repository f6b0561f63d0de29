import {
  type CaseCategory,
  type CaseDomainMapping,
  type Domain,
  type Severity,
  severityRank,
} from '@cityops/contracts';
import { haversineM } from '../rules/evaluators/geo.js';

/*
 * One record across sources: a sanitation case (a citizen's 12345 call, an inspector's report) of a
 * category related to a domain, within a radius of an asset that has an open incident of that
 * domain, is attached to that incident instead of standing alone.
 */

/** An open incident a case may join: its domain, severity, opening time and asset location. */
export interface LinkCandidate {
  id: string;
  domain: Domain;
  severity: Severity;
  openedAt: number;
  location: readonly [number, number];
}

export interface CaseToLink {
  id: string;
  category: CaseCategory;
  lng: number;
  lat: number;
}

export function relatedDomains(
  mapping: CaseDomainMapping,
  category: CaseCategory,
): readonly Domain[] {
  return mapping[category] ?? [];
}

/**
 * The incident a case joins: of the candidates of a related domain within radiusM of the case, the
 * nearest; at the same distance the more severe, then the earlier opened. Null when none.
 */
export function pickIncidentForCase<T extends LinkCandidate>(
  c: CaseToLink,
  candidates: readonly T[],
  mapping: CaseDomainMapping,
  radiusM: number,
): { incident: T; distanceM: number } | null {
  const domains = relatedDomains(mapping, c.category);
  if (domains.length === 0) return null;
  let best: { incident: T; distanceM: number } | null = null;
  for (const incident of candidates) {
    if (!domains.includes(incident.domain)) continue;
    const distanceM = haversineM([c.lng, c.lat], incident.location);
    if (!(distanceM <= radiusM)) continue;
    if (!best || isBetter(incident, distanceM, best.incident, best.distanceM))
      best = { incident, distanceM };
  }
  return best && { incident: best.incident, distanceM: Math.round(best.distanceM * 10) / 10 };
}

function isBetter(a: LinkCandidate, da: number, b: LinkCandidate, db: number): boolean {
  if (da !== db) return da < db;
  if (a.severity !== b.severity) return severityRank(a.severity) > severityRank(b.severity);
  if (a.openedAt !== b.openedAt) return a.openedAt < b.openedAt;
  return a.id < b.id;
}

const METRES_PER_DEGREE_LAT = 111_320;

/**
 * A lng/lat box holding every point within radiusM of any of the given points: a cheap index-friendly
 * prefilter for the candidates query (the exact distance is checked afterwards).
 */
export function boundingBox(
  points: readonly { lng: number; lat: number }[],
  radiusM: number,
): { minLng: number; maxLng: number; minLat: number; maxLat: number } | null {
  if (points.length === 0) return null;
  let [minLng, maxLng, minLat, maxLat] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of points) {
    minLng = Math.min(minLng, p.lng);
    maxLng = Math.max(maxLng, p.lng);
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
  }
  const dLat = radiusM / METRES_PER_DEGREE_LAT;
  const widestLat = Math.min(89, Math.max(Math.abs(minLat), Math.abs(maxLat)) + dLat);
  const dLng = radiusM / (METRES_PER_DEGREE_LAT * Math.cos((widestLat * Math.PI) / 180));
  return {
    minLng: minLng - dLng,
    maxLng: maxLng + dLng,
    minLat: minLat - dLat,
    maxLat: maxLat + dLat,
  };
}

/** The timeline note of an attached case. */
export function caseLinkedNote(
  c: { id: string; category: string; description: string },
  distanceM: number,
): string {
  const description = c.description.trim();
  return `case ${c.id} (${c.category}) ${Math.round(distanceM)} m away${description ? `: ${description.slice(0, 200)}` : ''}`;
}
