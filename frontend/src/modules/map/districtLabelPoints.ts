import { DISTRICTS } from '@cityops/contracts';

interface LabelPoint {
  key: string;
  /** A district code, or null for the merged label of the six central districts. */
  code: string | null;
  lngLat: [number, number];
}

/** The six central districts lie within 10 km of each other: below this zoom their names would overlap. */
const CENTRAL_LABELS_MIN_ZOOM = 9.6;
const CENTRAL = new Set(['120101', '120102', '120103', '120104', '120105', '120106']);

const central = DISTRICTS.filter((d) => CENTRAL.has(d.code));
const centralPoint: [number, number] = [
  central.reduce((sum, d) => sum + d.label[0], 0) / central.length,
  central.reduce((sum, d) => sum + d.label[1], 0) / central.length,
];

const ALL: readonly LabelPoint[] = DISTRICTS.map((d) => ({
  key: d.code,
  code: d.code,
  lngLat: [d.label[0], d.label[1]],
}));
const MERGED: readonly LabelPoint[] = [
  ...ALL.filter((point) => !CENTRAL.has(point.key)),
  { key: 'central', code: null, lngLat: centralPoint },
];

/**
 * Where to write district names at a zoom: all 16 when close, else the outer ten plus one "市内六区".
 * Returns one of two constant arrays, so callers can compare by identity.
 */
export function districtLabelPoints(zoom: number): readonly LabelPoint[] {
  return zoom >= CENTRAL_LABELS_MIN_ZOOM ? ALL : MERGED;
}
