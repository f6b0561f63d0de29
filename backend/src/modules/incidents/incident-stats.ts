import {
  type CaseCompliance,
  DEFAULT_STATS_RANGE_DAYS,
  INCIDENT_STATUSES,
  type IncidentStatsGroup,
  type IncidentStatus,
  SEVERITIES,
  type Severity,
} from '@cityops/contracts';

/**
 * Stats arithmetic. The database groups and sums (one query per family); these pure functions turn
 * the grouped rows into the answer: means from sums and counts, totals across groups, rates.
 */

/** One row of the incidents query: a group × severity × status cell with its sums. */
export interface IncidentCell {
  key: string | null;
  severity: Severity;
  status: IncidentStatus;
  count: number;
  silenced: number;
  suppressed: number;
  suspect: number;
  acknowledged: number;
  /** Sum over acknowledged incidents of (acknowledgedAt - openedAt), seconds. */
  ackSeconds: number;
  resolved: number;
  resolveSeconds: number;
}

/** One row of the cases query: a group's case counts. */
export interface CaseCell {
  key: string | null;
  total: number;
  closed: number;
  closedOnTime: number;
  openPastDue: number;
}

const mean = (sum: number, count: number): number | null =>
  count > 0 ? Math.round((sum / count) * 10) / 10 : null;

export function compliance(cell: Omit<CaseCell, 'key'>): CaseCompliance {
  const decided = cell.closed + cell.openPastDue;
  return {
    total: cell.total,
    closed: cell.closed,
    closedOnTime: cell.closedOnTime,
    closedLate: cell.closed - cell.closedOnTime,
    openPastDue: cell.openPastDue,
    openWithinLimit: cell.total - cell.closed - cell.openPastDue,
    onTimeRate: decided > 0 ? Math.round((cell.closedOnTime / decided) * 10_000) / 10_000 : null,
  };
}

interface Accumulator {
  key: string | null;
  cells: IncidentCell[];
  cases: Omit<CaseCell, 'key'> | null;
}

function summarise(acc: Accumulator): IncidentStatsGroup {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byStatus = Object.fromEntries(INCIDENT_STATUSES.map((s) => [s, 0])) as Record<
    IncidentStatus,
    number
  >;
  let [total, silenced, suppressed, suspect, acknowledged, ackSeconds, resolved, resolveSeconds] = [
    0, 0, 0, 0, 0, 0, 0, 0,
  ];
  for (const cell of acc.cells) {
    bySeverity[cell.severity] += cell.count;
    byStatus[cell.status] += cell.count;
    total += cell.count;
    silenced += cell.silenced;
    suppressed += cell.suppressed;
    suspect += cell.suspect;
    acknowledged += cell.acknowledged;
    ackSeconds += cell.ackSeconds;
    resolved += cell.resolved;
    resolveSeconds += cell.resolveSeconds;
  }
  return {
    key: acc.key,
    total,
    bySeverity,
    byStatus,
    silenced,
    suppressed,
    suspect,
    acknowledged,
    mttaSeconds: mean(ackSeconds, acknowledged),
    resolved,
    mttrSeconds: mean(resolveSeconds, resolved),
    cases: acc.cases ? compliance(acc.cases) : null,
  };
}

/**
 * Groups (sorted by key, null last) and the total. `withCases`: whether case compliance applies to
 * every group of this grouping (district, category): a group without cases then reports zeros
 * rather than null. Otherwise (domain) only the groups that have case rows carry compliance.
 */
export function buildStats(
  incidents: readonly IncidentCell[],
  cases: readonly CaseCell[],
  withCases: boolean,
): { groups: IncidentStatsGroup[]; total: IncidentStatsGroup } {
  const groups = new Map<string | null, Accumulator>();
  const group = (key: string | null): Accumulator => {
    let acc = groups.get(key);
    if (!acc) {
      acc = { key, cells: [], cases: null };
      groups.set(key, acc);
    }
    return acc;
  };
  for (const cell of incidents) group(cell.key).cells.push(cell);
  for (const { key, ...counts } of cases) {
    const acc = group(key);
    acc.cases = addCases(acc.cases, counts);
  }
  const zero = { total: 0, closed: 0, closedOnTime: 0, openPastDue: 0 };
  if (withCases) for (const acc of groups.values()) acc.cases ??= zero;
  const ordered = [...groups.values()].sort((a, b) =>
    a.key === b.key ? 0 : a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1,
  );
  const all: Accumulator = {
    key: null,
    cells: ordered.flatMap((g) => g.cells),
    cases:
      withCases || ordered.some((g) => g.cases)
        ? ordered.reduce((sum, g) => addCases(sum, g.cases ?? zero), zero)
        : null,
  };
  return { groups: ordered.map(summarise), total: summarise(all) };
}

function addCases(
  a: Omit<CaseCell, 'key'> | null,
  b: Omit<CaseCell, 'key'>,
): Omit<CaseCell, 'key'> {
  if (!a) return { ...b };
  return {
    total: a.total + b.total,
    closed: a.closed + b.closed,
    closedOnTime: a.closedOnTime + b.closedOnTime,
    openPastDue: a.openPastDue + b.openPastDue,
  };
}

/** The window a stats query covers: [from, to), `to` defaulting to now and `from` to 30 days before it. */
export function statsWindow(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date,
): { from: Date; to: Date } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from
    ? new Date(query.from)
    : new Date(to.getTime() - DEFAULT_STATS_RANGE_DAYS * 86_400_000);
  return { from, to };
}
