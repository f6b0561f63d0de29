import { LAYER_GROUPS, type LayerGroup } from './LayerGroup';

export type LayerToggleState = Record<LayerGroup, boolean>;

/** Every group on: the default, and what a wall shows without anyone touching it. */
export const ALL_LAYERS_ON: LayerToggleState = Object.fromEntries(
  LAYER_GROUPS.map((group) => [group, true]),
) as LayerToggleState;

/** The localStorage key of a page's toggles. */
export const layerToggleKey = (page: string) => `cityops.map.layers.${page}`;

/**
 * Reads stored toggles: `{"off": ["cases", …]}`. Only the groups switched off are stored, so a group
 * added later starts on; anything unreadable means all on.
 */
export function parseLayerToggles(stored: string | null): LayerToggleState {
  if (!stored) return ALL_LAYERS_ON;
  try {
    const parsed: unknown = JSON.parse(stored);
    const off =
      parsed && typeof parsed === 'object' && Array.isArray((parsed as { off?: unknown }).off)
        ? ((parsed as { off: unknown[] }).off as unknown[])
        : [];
    return Object.fromEntries(
      LAYER_GROUPS.map((group) => [group, !off.includes(group)]),
    ) as LayerToggleState;
  } catch {
    return ALL_LAYERS_ON;
  }
}

export function serializeLayerToggles(state: LayerToggleState): string {
  return JSON.stringify({ off: LAYER_GROUPS.filter((group) => !state[group]) });
}

export function toggleLayer(state: LayerToggleState, group: LayerGroup): LayerToggleState {
  return { ...state, [group]: !state[group] };
}
