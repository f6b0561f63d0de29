import type { DataLayerSpecification } from './mapSources';

const cache = new WeakMap<DataLayerSpecification, Record<'on' | 'off', DataLayerSpecification>>();

/**
 * The layer constant with `layout.visibility` set: toggles hide layers, never remove them or their
 * source. The two variants are built once per constant, so React re-renders pass the same objects.
 */
export function visibleLayer<L extends DataLayerSpecification>(layer: L, visible: boolean): L {
  let variants = cache.get(layer);
  if (!variants) {
    variants = {
      on: { ...layer, layout: { ...layer.layout, visibility: 'visible' } } as L,
      off: { ...layer, layout: { ...layer.layout, visibility: 'none' } } as L,
    };
    cache.set(layer, variants);
  }
  return (visible ? variants.on : variants.off) as L;
}
