interface Counts {
  setData: number;
  updateData: number;
}

/** How the map's GeoJSON sources were fed since the page loaded: whole data (setData) or diffs (updateData). */
export interface MapUpdateStats extends Counts {
  bySource: Record<string, Counts & { lastChanged: number }>;
}

declare global {
  interface Window {
    /** Counters for end-to-end tests and benchmarks: live updates must arrive as diffs, not reloads. */
    __cityopsMapUpdates?: MapUpdateStats;
  }
}

/** Counts one source update on `window.__cityopsMapUpdates` (no-op outside a browser). */
export function recordMapUpdate(
  sourceId: string,
  kind: keyof Counts,
  changed: number,
): MapUpdateStats | undefined {
  if (typeof window === 'undefined') return undefined;
  const stats = (window.__cityopsMapUpdates ??= { setData: 0, updateData: 0, bySource: {} });
  const source = (stats.bySource[sourceId] ??= { setData: 0, updateData: 0, lastChanged: 0 });
  stats[kind] += 1;
  source[kind] += 1;
  source.lastChanged = changed;
  return stats;
}
