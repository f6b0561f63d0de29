import { TIANJIN_DISTRICTS_GEOJSON } from '@cityops/contracts';
import { cityBounds } from './cityBounds';

/**
 * SVG path data for the 16 district boundaries, fitted into a width × height box (equirectangular,
 * longitudes shrunk by cos(latitude)): a decorative outline of the city that needs no map engine.
 */
export function outlinePaths(width: number, height: number): string[] {
  const [west, south, east, north] = cityBounds;
  const kx = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const scale = Math.min(width / ((east - west) * kx), height / (north - south));
  const offsetX = (width - (east - west) * kx * scale) / 2;
  const offsetY = (height - (north - south) * scale) / 2;
  const point = ([lng = 0, lat = 0]: number[]) =>
    `${(offsetX + (lng - west) * kx * scale).toFixed(1)},${(offsetY + (north - lat) * scale).toFixed(1)}`;
  const ring = (coordinates: number[][]) => `M${coordinates.map(point).join('L')}Z`;

  return TIANJIN_DISTRICTS_GEOJSON.features.map((feature) =>
    feature.geometry.type === 'Polygon'
      ? feature.geometry.coordinates.map(ring).join('')
      : feature.geometry.coordinates.map((polygon) => polygon.map(ring).join('')).join(''),
  );
}
