import { useCallback, useEffect, useState } from 'react';
import type { LayerGroup } from './LayerGroup';
import {
  layerToggleKey,
  parseLayerToggles,
  serializeLayerToggles,
  toggleLayer,
  type LayerToggleState,
} from './layerToggleState';

export interface LayerToggles {
  enabled: LayerToggleState;
  toggle: (group: LayerGroup) => void;
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled: all on
  }
}

/** The map's layer toggles of one page (`wall`, `console`), remembered in localStorage; all on by default. */
export function useLayerToggles(page: string): LayerToggles {
  const key = layerToggleKey(page);
  const [enabled, setEnabled] = useState(() => parseLayerToggles(read(key)));
  useEffect(() => {
    try {
      localStorage.setItem(key, serializeLayerToggles(enabled));
    } catch {
      // storage full or disabled: the toggles still work for this visit
    }
  }, [key, enabled]);
  const toggle = useCallback(
    (group: LayerGroup) => setEnabled((state) => toggleLayer(state, group)),
    [],
  );
  return { enabled, toggle };
}
