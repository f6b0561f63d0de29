import type { AssetCollection, Domain } from '@cityops/contracts';

interface AssetStats {
  total: number;
  /** Reporting: status ok or alarm (an asset in alarm still sends data). */
  online: number;
  alarm: number;
  offline: number;
  byDomain: Partial<Record<Domain, { total: number; online: number }>>;
}

/** Counts for the wall's KPI tiles. */
export function assetStats(collection: AssetCollection | undefined): AssetStats {
  const stats: AssetStats = { total: 0, online: 0, alarm: 0, offline: 0, byDomain: {} };
  for (const { properties } of collection?.features ?? []) {
    const online = properties.status === 'ok' || properties.status === 'alarm';
    const domain = (stats.byDomain[properties.domain] ??= { total: 0, online: 0 });
    stats.total += 1;
    domain.total += 1;
    if (online) {
      stats.online += 1;
      domain.online += 1;
    }
    if (properties.status === 'alarm') stats.alarm += 1;
    if (properties.status === 'offline') stats.offline += 1;
  }
  return stats;
}
