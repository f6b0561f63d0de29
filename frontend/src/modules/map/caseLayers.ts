import type { CircleLayerSpecification } from 'react-map-gl/maplibre';
import { CASES_SOURCE_ID } from './layers';
import { mapPalette } from './mapPalette';
import { perTheme } from './perTheme';

/**
 * The clustered `cases` source's options: each cluster counts its overdue cases (`overdueCount`),
 * so a cluster holding any overdue case is drawn in the overdue colour.
 */
export const CASES_CLUSTER_OPTIONS = {
  cluster: true,
  clusterRadius: 42,
  clusterMaxZoom: 14,
  clusterProperties: { overdueCount: ['+', ['case', ['==', ['get', 'overdue'], true], 1, 0]] },
} as const;

export const CASE_CLUSTER_LAYER_ID = 'cases-clusters';
export const CASE_POINT_LAYER_ID = 'cases-points';

/** Clusters of open sanitation cases, sized by how many they hold (no count text: no glyphs). */
export const caseClusterLayer = perTheme<CircleLayerSpecification>((theme) => {
  const palette = mapPalette[theme];
  // prettier-ignore
  return {
    id: CASE_CLUSTER_LAYER_ID,
    type: 'circle',
    source: CASES_SOURCE_ID,
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': ['case', ['>', ['get', 'overdueCount'], 0], palette.caseOverdue, palette.cases],
      'circle-radius': ['step', ['get', 'point_count'], 9, 5, 12, 20, 16, 100, 21, 500, 26],
      'circle-opacity': theme === 'dark' ? 0.7 : 0.6,
      'circle-stroke-color': ['case', ['>', ['get', 'overdueCount'], 0], palette.caseOverdue, palette.cases],
      'circle-stroke-width': 2,
      'circle-stroke-opacity': 0.9,
    },
  };
});

/** A single open case (outside any cluster), overdue ones in the overdue colour. */
export const casePointLayer = perTheme<CircleLayerSpecification>((theme) => {
  const palette = mapPalette[theme];
  return {
    id: CASE_POINT_LAYER_ID,
    type: 'circle',
    source: CASES_SOURCE_ID,
    filter: ['!', ['has', 'point_count']],
    paint: {
      'circle-color': [
        'case',
        ['==', ['get', 'overdue'], true],
        palette.caseOverdue,
        palette.cases,
      ],
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 3, 14, 6],
      'circle-opacity': 0.95,
      'circle-stroke-color': palette.assetStroke,
      'circle-stroke-width': 1,
    },
  };
});
