/*
 * Network-aware suppression: an incident that opens on an asset while an asset upstream of it (its
 * parent, the parent's parent, … : indoor sensor → station → heat source) has an incident open is
 * caused upstream. It is linked to that incident and not paged.
 */

/** Longest parent chain followed; deeper (or cyclic) registries stop here. */
export const MAX_CHAIN_DEPTH = 16;

/**
 * The ancestors of an asset, nearest first, from a child → parent map. Stops at an asset without a
 * parent, one missing from the map, a cycle (a → b → a, which an import can create), or maxDepth.
 */
export function parentChain(
  assetId: string,
  parents: ReadonlyMap<string, string | null>,
  maxDepth = MAX_CHAIN_DEPTH,
): string[] {
  const chain: string[] = [];
  const seen = new Set([assetId]);
  let current = parents.get(assetId) ?? null;
  while (current !== null && !seen.has(current) && chain.length < maxDepth) {
    chain.push(current);
    seen.add(current);
    current = parents.get(current) ?? null;
  }
  return chain;
}

export interface UpstreamIncident {
  id: string;
  assetId: string;
  /** Event time it opened; resolution time or null while open (epoch ms). */
  openedAt: number;
  resolvedAt: number | null;
}

/** Open at event time `at`: opened at or before it and not resolved by then. */
export function openAt(
  incident: Pick<UpstreamIncident, 'openedAt' | 'resolvedAt'>,
  at: number,
): boolean {
  return incident.openedAt <= at && (incident.resolvedAt === null || incident.resolvedAt > at);
}

/**
 * The upstream incident that causes one opening at `at` on the asset whose ancestors are `chain`:
 * of the incidents open at `at` on any ancestor, the one furthest upstream (the root cause: a heat
 * source rather than the station it feeds), then the earliest opened. Null when none.
 */
export function upstreamCause<T extends UpstreamIncident>(
  chain: readonly string[],
  incidents: readonly T[],
  at: number,
): T | null {
  let best: T | null = null;
  let bestDepth = -1;
  for (const incident of incidents) {
    const depth = chain.indexOf(incident.assetId);
    if (depth < 0 || !openAt(incident, at)) continue;
    if (
      depth > bestDepth ||
      (depth === bestDepth &&
        best !== null &&
        (incident.openedAt < best.openedAt ||
          (incident.openedAt === best.openedAt && incident.id < best.id)))
    ) {
      best = incident;
      bestDepth = depth;
    }
  }
  return best;
}

/** Whether the asset is downstream of an asset with an incident open at `at`. */
export function isDownstreamOfOpenIncident(
  assetId: string,
  parents: ReadonlyMap<string, string | null>,
  incidents: readonly UpstreamIncident[],
  at: number,
): boolean {
  return upstreamCause(parentChain(assetId, parents), incidents, at) !== null;
}

/** The timeline note of a suppressed opening. */
export function suppressedNote(upstream: { id: string; title: string }): string {
  return `caused upstream by ${upstream.title} (incident ${upstream.id}); not paged separately`;
}
