import type { AssetFeature } from '@cityops/contracts';

export interface AssetBatchTiming {
  /** A batch is handed on once no event came for this long… */
  quietMs: number;
  /** …or this long after its first event, whichever comes first. */
  maxWaitMs: number;
}

/**
 * Collects `asset.updated` events and hands them on in batches (the newest event of each asset only).
 * The backend announces changed assets about once a second, hundreds within a few milliseconds:
 * waiting for a short quiet moment takes each burst whole, so the cache, the page and the map are
 * updated once per burst instead of once per event; `maxWaitMs` bounds the delay under a steady
 * stream.
 */
export function createAssetUpdateBuffer(
  apply: (features: AssetFeature[]) => void,
  { quietMs, maxWaitMs }: AssetBatchTiming,
) {
  let pending = new Map<string, AssetFeature>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstAt = 0;

  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const flush = () => {
    stop();
    if (pending.size === 0) return;
    const batch = [...pending.values()];
    pending = new Map();
    apply(batch);
  };

  return {
    add(feature: AssetFeature): void {
      const now = Date.now();
      if (pending.size === 0) firstAt = now;
      pending.set(feature.properties.id, feature);
      stop();
      timer = setTimeout(flush, Math.max(0, Math.min(quietMs, firstAt + maxWaitMs - now)));
    },
    flush,
    /** Drops what is pending (the connection is going away; the next fetch brings the state). */
    cancel(): void {
      stop();
      pending = new Map();
    },
  };
}
