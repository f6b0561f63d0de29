import type { WatchList, WatchMode } from '@cityops/contracts';

/**
 * The watches on at `now`, oldest first: active when fetched (or last heard of) and their planned end,
 * if any, not reached yet. A watch that ends at its planned time needs no event to leave the wall.
 */
export function activeWatches(list: WatchList | undefined, now: number): WatchMode[] {
  return (list?.active ?? [])
    .filter(
      (watch) =>
        watch.active && watch.endedAt === null && (!watch.endsAt || Date.parse(watch.endsAt) > now),
    )
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}
