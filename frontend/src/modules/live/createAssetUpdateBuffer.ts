import type { AssetFeature } from '@cityops/contracts';

/**
 * Collects `asset.updated` events and hands them on in one batch per `delayMs` (the newest event of
 * each asset only). The backend announces changed assets about once a second, hundreds at a time;
 * applied one by one, each event would copy the asset cache and re-render the map.
 */
export function createAssetUpdateBuffer(
  apply: (features: AssetFeature[]) => void,
  delayMs: number,
) {
  let pending = new Map<string, AssetFeature>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.size === 0) return;
    const batch = [...pending.values()];
    pending = new Map();
    apply(batch);
  };

  return {
    add(feature: AssetFeature): void {
      pending.set(feature.properties.id, feature);
      timer ??= setTimeout(flush, delayMs);
    },
    flush,
    /** Drops what is pending (the connection is going away; the next fetch brings the state). */
    cancel(): void {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = new Map();
    },
  };
}
