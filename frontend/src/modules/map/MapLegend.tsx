import { SEVERITIES, SEVERITY_COLORS } from '@cityops/contracts';
import type { CSSProperties } from 'react';
import { useI18n } from '../i18n/useI18n';
import type { MapTheme } from './MapTheme';
import './map.css';
import { mapPalette } from './mapPalette';

/** What the colours on the map mean: the four warning colours and the asset states. */
export function MapLegend({ theme }: { theme: MapTheme }) {
  const { t } = useI18n();
  const palette = mapPalette[theme];
  const items: [string, string][] = [
    ...[...SEVERITIES]
      .reverse()
      .map((s): [string, string] => [t(`severity.${s}`), SEVERITY_COLORS[s]]),
    [t('assetStatus.ok'), palette.assetOk],
    [t('assetStatus.offline'), palette.assetOffline],
  ];
  return (
    <ul className="map-legend" aria-hidden="true">
      {items.map(([label, color]) => (
        <li
          key={label}
          className="map-legend__item"
          style={{ '--legend-color': color } as CSSProperties}
        >
          <span className="map-legend__swatch" />
          {label}
        </li>
      ))}
    </ul>
  );
}
