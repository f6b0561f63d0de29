import type { WatchKind, WatchScope } from '@cityops/contracts';

/** A watch as the evaluation paths see it: where, what kind, and when (event time, epoch ms). */
export interface WatchSpan {
  id: string;
  kind: WatchKind;
  scope: WatchScope;
  auto: boolean;
  /** When it began. */
  startMs: number;
  /** When it stops applying: the earlier of its actual end and its planned end; null: open-ended. */
  endMs: number | null;
}

/** The end of a watch as evaluation sees it: ended, or planned to end, whichever is first. */
export function spanEnd(watch: { endsAt: number | null; endedAt: number | null }): number | null {
  if (watch.endedAt === null) return watch.endsAt;
  if (watch.endsAt === null) return watch.endedAt;
  return Math.min(watch.endedAt, watch.endsAt);
}

/** A watch of this scope applies to a place in this district (null: unknown district, city only). */
export function scopeIncludes(scope: WatchScope, district: string | null): boolean {
  return scope === 'city' || scope === district;
}

/** The watch is on at `at` (start inclusive, end exclusive). */
export function isOnAt(watch: Pick<WatchSpan, 'startMs' | 'endMs'>, at: number): boolean {
  return watch.startMs <= at && (watch.endMs === null || at < watch.endMs);
}

/** The watch applies to a place in `district` at event time `at`. */
export function covers(watch: WatchSpan, district: string | null, at: number): boolean {
  return scopeIncludes(watch.scope, district) && isOnAt(watch, at);
}

/** The kinds of watch on for a place at an event time, each once, in a stable order. */
export function activeKinds(
  watches: readonly WatchSpan[],
  district: string | null,
  at: number,
): WatchKind[] {
  const kinds = new Set<WatchKind>();
  for (const watch of watches) if (covers(watch, district, at)) kinds.add(watch.kind);
  return [...kinds].sort();
}

/**
 * How many times as often the rules of a scope should be evaluated now: `factor` while a watch is
 * on that concerns it, else 1. For `city` (a tick over the whole city, the tick path's rule groups)
 * any watch anywhere counts; for a district, a watch of that district or of the city. With `kinds`
 * (the kinds a rule declares steps for), only watches of those kinds count.
 */
export function cadenceFactorAt(
  watches: readonly WatchSpan[],
  scope: WatchScope | string,
  now: number,
  factor: number,
  kinds?: readonly WatchKind[],
): number {
  const on = watches.some(
    (w) =>
      isOnAt(w, now) &&
      (scope === 'city' || scopeIncludes(w.scope, scope)) &&
      (kinds === undefined || kinds.includes(w.kind)),
  );
  return on ? factor : 1;
}
