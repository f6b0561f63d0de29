import { SEVERITY_COLORS } from '@cityops/contracts';
import type { MapTheme } from './MapTheme';

/**
 * Colours of the base map, of each layer group (its "ok" colour, also the toggle's swatch) and of
 * asset states per theme; severities keep the shared SEVERITY_COLORS.
 */
export const mapPalette = {
  dark: {
    background: '#040c18',
    districtFill: '#0c2038',
    districtFillOpacity: 0.92,
    districtLine: '#3d8fd6',
    districtLineGlow: '#1f6fd1',
    heating: '#2fd4b0',
    indoor: '#a78bfa',
    waterlogging: '#22d3ee',
    rain: '#93c5fd',
    cases: '#e879f9',
    caseOverdue: '#ff4d6d',
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
    heating: '#0f9f7f',
    indoor: '#7c5cd6',
    waterlogging: '#0891b2',
    rain: '#3b82c4',
    cases: '#c026d3',
    caseOverdue: '#e11d48',
    assetOffline: '#98a2b3',
    assetUnknown: '#b0b8c4',
    assetAlarm: SEVERITY_COLORS.orange,
    assetStroke: '#ffffff',
  },
} as const satisfies Record<MapTheme, Record<string, string | number>>;
