import type { LngLat } from '../city/placement.js';

const METRES_PER_DEGREE_LAT = 111_320;

const metresPerDegreeLng = (lat: number) => METRES_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180);

/** The point `eastM` metres east and `northM` metres north of `from` (flat-earth, fine within a city). */
export function offsetMetres([lng, lat]: LngLat, eastM: number, northM: number): LngLat {
  return [lng + eastM / metresPerDegreeLng(lat), lat + northM / METRES_PER_DEGREE_LAT];
}

/** Distance in metres between two nearby points (equirectangular approximation). */
export function distanceMetres([lng1, lat1]: LngLat, [lng2, lat2]: LngLat): number {
  const east = (lng2 - lng1) * metresPerDegreeLng((lat1 + lat2) / 2);
  const north = (lat2 - lat1) * METRES_PER_DEGREE_LAT;
  return Math.hypot(east, north);
}
