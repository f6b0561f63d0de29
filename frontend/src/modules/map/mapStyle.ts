import { TIANJIN_DISTRICTS_GEOJSON } from '@cityops/contracts';
import type { FeatureCollection } from 'geojson';
import type { StyleSpecification } from 'react-map-gl/maplibre';
import {
  backgroundLayer,
  districtFillLayer,
  districtGlowLayer,
  districtLineLayer,
  DISTRICTS_SOURCE_ID,
} from './layers';
import type { MapTheme } from './MapTheme';

const makeStyle = (theme: MapTheme): StyleSpecification => ({
  version: 8,
  name: `cityops-${theme}`,
  // No glyphs and no sprite: nothing is fetched, so the map draws with no network at all.
  sources: {
    [DISTRICTS_SOURCE_ID]: {
      type: 'geojson',
      data: TIANJIN_DISTRICTS_GEOJSON as FeatureCollection,
    },
  },
  layers: [
    backgroundLayer[theme],
    districtFillLayer[theme],
    districtGlowLayer[theme],
    districtLineLayer[theme],
  ],
});

/**
 * The self-hosted base map for MapLibre, built in code: a background and Tianjin's 16 district
 * boundaries. One constant object per theme, so React re-renders never diff the style.
 */
export const mapStyle: Record<MapTheme, StyleSpecification> = {
  dark: makeStyle('dark'),
  light: makeStyle('light'),
};
