import type { WatchList, WatchMode } from '@cityops/contracts';

/**
 * The cached GET /api/watch answer after a `watch.changed` live event: the watch goes to `active`
 * while it is on, to the front of `recent` once it has ended. Nothing cached yet: nothing to patch.
 */
export function patchWatchList(
  list: WatchList | undefined,
  watch: WatchMode,
): WatchList | undefined {
  if (!list) return list;
  const active = list.active.filter((w) => w.id !== watch.id);
  const recent = list.recent.filter((w) => w.id !== watch.id);
  return watch.active
    ? { active: [...active, watch], recent }
    : { active, recent: [watch, ...recent] };
}
