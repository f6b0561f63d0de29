import type { HostileValue } from './types.js';

/** [lng, lat] pairs that are valid on the globe (mostly) but nowhere near China. */
export const coordinatesOutsideChina: ReadonlyArray<readonly [number, number]> = [
  [0, 0], // "Null Island": the classic placeholder
  [-76.61, 39.29], // Baltimore
  [-74.006, 40.7128], // New York
  [2.3522, 48.8566], // Paris
  [151.2093, -33.8688], // Sydney
  [-117.2, 39.1], // Tianjin's longitude with the wrong sign
  [117.2, -39.1], // Tianjin's latitude with the wrong sign
  [-117.2, -39.1], // both signs wrong
  [180, 90], // a corner of the globe
  [-180, -90],
  [139.6917, 35.6895], // Tokyo, near but outside
  [106.9057, 47.8864], // Ulaanbaatar
];

/** A coordinate pair in any shape a caller may receive: lng/lat may be numbers, strings, or worse. */
export interface HostileCoordinate {
  lng: unknown;
  lat: unknown;
}

/** Coordinates that must be refused: placeholders, swapped, outside China, outside ±180/±90, not numbers. */
export function hostileCoordinates(): HostileValue[] {
  const at = (label: string, lng: unknown, lat: unknown): HostileValue => ({
    label,
    value: { lng, lat } satisfies HostileCoordinate,
  });
  return [
    ...coordinatesOutsideChina.map(([lng, lat]) => at(`outside China (${lng}, ${lat})`, lng, lat)),
    at('lng/lat swapped for Tianjin (39.1, 117.2)', 39.1, 117.2),
    at('longitude beyond 180', 297.2, 39.1),
    at('latitude beyond 90', 117.2, 91),
    at('latitude beyond -90', 117.2, -91),
    at('both huge', 1e308, -1e308),
    at('NaN longitude', Number.NaN, 39.1),
    at('NaN latitude', 117.2, Number.NaN),
    at('Infinity', Number.POSITIVE_INFINITY, 39.1),
    at('coordinates as strings with junk', '117.2abc', '39.1°N'),
    at('coordinates in degrees-minutes-seconds', "117°12'E", "39°6'N"),
    at('comma decimal separators', '117,2', '39,1'),
    at('empty strings', '', ''),
    at('null coordinates', null, null),
    at('missing coordinates', undefined, undefined),
    at('booleans', true, false),
    at('arrays', [117.2], [39.1]),
    at('projected metres (Web Mercator) instead of degrees', 13_046_500, 4_737_000),
  ];
}
