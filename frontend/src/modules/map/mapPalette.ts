import { SEVERITY_COLORS } from '@cityops/contracts';
import type { MapTheme } from './MapTheme';

/** Colours of the base map and of asset states per theme; severities keep the shared SEVERITY_COLORS. */
export const mapPalette = {
  dark: {
    background: '#040c18',
    districtFill: '#0c2038',
    districtFillOpacity: 0.92,
    districtLine: '#3d8fd6',
    districtLineGlow: '#1f6fd1',
    assetOk: '#2fd4b0',
    assetOffline: '#5b6b80',
    assetUnknown: '#8795a8',
    assetAlarm: SEVERITY_COLORS.orange,
    assetStroke: '#040c18',
  },
  light: {
    background: '#dfe6ee',
    districtFill: '#fbfcfe',
    districtFillOpacity: 1,
    districtLine: '#8fa3bb',
    districtLineGlow: '#c6d3e2',
    assetOk: '#0f9f7f',
    assetOffline: '#98a2b3',
    assetUnknown: '#b0b8c4',
    assetAlarm: SEVERITY_COLORS.orange,
    assetStroke: '#ffffff',
  },
} as const satisfies Record<MapTheme, Record<string, string | number>>;
