import type { CSSProperties } from 'react';
import { useI18n } from '../i18n/useI18n';
import { legendEntries } from './legendEntries';
import { ALL_LAYERS_ON, type LayerToggleState } from './layerToggleState';
import type { MapTheme } from './MapTheme';
import './map.css';

/** What the colours and marks on the map mean, for the layer groups that are switched on. */
export function MapLegend({
  theme,
  enabled = ALL_LAYERS_ON,
}: {
  theme: MapTheme;
  enabled?: LayerToggleState;
}) {
  const { t } = useI18n();
  const entries = legendEntries(enabled, theme);
  if (entries.length === 0) return null;
  return (
    <ul className="map-legend" aria-hidden="true" data-testid="map-legend">
      {entries.map((entry) => (
        <li
          key={entry.label}
          className={`map-legend__item map-legend__item--${entry.shape}`}
          style={{ '--legend-color': entry.color } as CSSProperties}
        >
          <span className="map-legend__swatch" />
          {t(entry.label)}
        </li>
      ))}
    </ul>
  );
}
