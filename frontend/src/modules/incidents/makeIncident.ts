import type { Incident } from '@cityops/contracts';

/** A valid Incident with sensible defaults, for unit tests and stories. */
export function makeIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1',
    key: 'rule-depth:WL-0001',
    domain: 'waterlogging',
    ruleId: 'waterlogging.depth',
    assetId: 'WL-0001',
    assetName: '复康路下穿隧道',
    district: '120104',
    severity: 'yellow',
    status: 'open',
    title: '积水深度 15 cm',
    metric: 'depthCm',
    openedAt: '2026-11-26T00:00:00Z',
    acknowledgedAt: null,
    resolvedAt: null,
    updatedAt: '2026-11-26T00:00:00Z',
    lastValue: 15,
    location: [117.16, 39.11],
    flapping: false,
    silenced: false,
    silenceId: null,
    suppressedBy: null,
    suspect: false,
    linkedCases: 0,
    ...overrides,
  };
}
