import type { Geometry } from 'geojson';
import type { MapFeature } from './MapFeature';

/** Nested coordinate arrays equal number by number. */
export function sameCoordinates(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((value, index) => sameCoordinates(value, b[index]));
}

export function sameGeometry(a: Geometry, b: Geometry): boolean {
  if (a === b) return true;
  if (a.type !== b.type) return false;
  if (a.type === 'GeometryCollection' || b.type === 'GeometryCollection')
    return JSON.stringify(a) === JSON.stringify(b);
  return sameCoordinates(a.coordinates, b.coordinates);
}

/** Whether two versions of a feature draw the same: same object, or equal geometry and (shallowly) properties. */
export function sameFeature(a: MapFeature, b: MapFeature): boolean {
  if (a === b) return true;
  if (!sameGeometry(a.geometry, b.geometry)) return false;
  const before = a.properties ?? {};
  const after = b.properties ?? {};
  const keys = Object.keys(after);
  return (
    keys.length === Object.keys(before).length &&
    keys.every((key) => Object.is(before[key], after[key]))
  );
}
