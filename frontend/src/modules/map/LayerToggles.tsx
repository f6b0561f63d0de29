import type { CSSProperties } from 'react';
import { useI18n } from '../i18n/useI18n';
import { groupSwatch } from './groupSwatch';
import { LAYER_GROUPS, type LayerGroup } from './LayerGroup';
import type { LayerToggleState } from './layerToggleState';
import type { MapTheme } from './MapTheme';
import './map.css';

interface LayerTogglesProps {
  theme: MapTheme;
  enabled: LayerToggleState;
  counts: Record<LayerGroup, number>;
  onToggle: (group: LayerGroup) => void;
}

/**
 * The compact layer switch over the map: one button per group with its colour, name and count,
 * pressed while the group shows. Test ids: `layer-toggles`, `layer-toggle` (`data-group`, `aria-pressed`).
 */
export function LayerToggles({ theme, enabled, counts, onToggle }: LayerTogglesProps) {
  const { t } = useI18n();
  return (
    <div
      className={`layer-toggles layer-toggles--${theme}`}
      role="group"
      aria-label={t('map.layers')}
      data-testid="layer-toggles"
    >
      {LAYER_GROUPS.map((group) => (
        <button
          key={group}
          type="button"
          className="layer-toggle"
          style={{ '--layer-color': groupSwatch(theme, group) } as CSSProperties}
          aria-pressed={enabled[group]}
          data-testid="layer-toggle"
          data-group={group}
          onClick={() => onToggle(group)}
        >
          <span className="layer-toggle__swatch" aria-hidden="true" />
          <span className="layer-toggle__label">{t(`map.layer.${group}`)}</span>
          <span className="layer-toggle__count">{counts[group]}</span>
        </button>
      ))}
    </div>
  );
}
