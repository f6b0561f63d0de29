import type { Backtest, BacktestIncident, BacktestResult } from '@cityops/contracts';

/** A backtest for tests: running at 0 unless told otherwise. */
export function makeBacktest(patch: Partial<Backtest> = {}): Backtest {
  return {
    id: 'bt-1',
    status: 'running',
    progress: 0,
    ruleId: 'underpass-depth',
    draft: false,
    from: '2026-07-01T00:00:00.000Z',
    to: '2026-07-02T00:00:00.000Z',
    requestedBy: 'admin',
    requestedAt: '2026-07-02T00:00:00.000Z',
    finishedAt: null,
    ...patch,
  };
}

/** An incident of a backtest result for tests. */
export function makeBacktestIncident(patch: Partial<BacktestIncident> = {}): BacktestIncident {
  return {
    key: 'underpass-depth|WL-0001',
    assetId: 'WL-0001',
    assetName: '解放桥下穿',
    district: '120101',
    openedAt: '2026-07-01T02:00:00.000Z',
    resolvedAt: '2026-07-01T03:00:00.000Z',
    openSeverity: 'yellow',
    peakSeverity: 'yellow',
    peakAt: '2026-07-01T02:00:00.000Z',
    peakValue: 15.2,
    flapping: false,
    transitions: [],
    transitionCount: 0,
    ...patch,
  };
}

/** A backtest result for tests over 2026-07-01 (UTC). */
export function makeBacktestResult(incidents: BacktestIncident[]): BacktestResult {
  return {
    ruleId: 'underpass-depth',
    ruleVersion: 1,
    draft: false,
    from: '2026-07-01T00:00:00.000Z',
    to: '2026-07-02T00:00:00.000Z',
    series: 2,
    points: 100,
    queries: 1,
    summary: {
      incidents: incidents.length,
      open: incidents.filter((i) => !i.resolvedAt).length,
      transitions: 0,
      byPeakSeverity: { blue: 0, yellow: 0, orange: 0, red: 0 },
    },
    incidents,
    truncated: false,
    durationMs: 12,
  };
}
