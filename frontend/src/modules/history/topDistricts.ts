import type { IncidentStatsGroup } from '@cityops/contracts';

/** The district codes with the most incidents (then by code), at most `count`, none without incidents. */
export function topDistricts(groups: readonly IncidentStatsGroup[], count = 10): string[] {
  return groups
    .filter((group): group is IncidentStatsGroup & { key: string } => group.key !== null)
    .filter((group) => group.total > 0)
    .sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : 1))
    .slice(0, count)
    .map((group) => group.key);
}
