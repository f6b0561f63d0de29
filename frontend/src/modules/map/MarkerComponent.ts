import type { ComponentType, CSSProperties, ReactNode } from 'react';

/** The part of react-map-gl's `<Marker>` the overlays use; both the MapLibre and the Mapbox one fit. */
export type MarkerComponent = ComponentType<{
  longitude: number;
  latitude: number;
  anchor?: 'center' | 'bottom' | 'top';
  offset?: [number, number];
  style?: CSSProperties;
  children?: ReactNode;
}>;
