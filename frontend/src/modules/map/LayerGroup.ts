/**
 * The map's toggleable layer groups, one per kind of thing on the map, in the order the toggles and
 * the legend list them.
 */
export const LAYER_GROUPS = [
  'heating',
  'indoor',
  'waterlogging',
  'rain',
  'cases',
  'incidents',
] as const;

export type LayerGroup = (typeof LAYER_GROUPS)[number];
