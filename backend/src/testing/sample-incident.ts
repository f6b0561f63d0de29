import type { Incident } from '@cityops/contracts';

/** A red underpass incident, open, for unit tests that need a whole Incident. */
export const SAMPLE_INCIDENT: Incident = {
  id: '5d0c7f7e-8c1a-4a52-9a53-0d8a1c7b2e11',
  key: 'underpass-depth|WL-0001',
  domain: 'waterlogging',
  ruleId: 'underpass-depth',
  assetId: 'WL-0001',
  assetName: '解放桥下穿',
  district: '120101',
  severity: 'red',
  status: 'open',
  title: '解放桥下穿：积水 42 cm',
  metric: 'depthCm',
  openedAt: '2026-11-26T00:05:00.000Z',
  acknowledgedAt: null,
  resolvedAt: null,
  updatedAt: '2026-11-26T00:05:00.000Z',
  lastValue: 42,
  flapping: false,
  location: [117.205, 39.13],
  silenced: false,
  silenceId: null,
  suppressedBy: null,
  suspect: false,
  linkedCases: 0,
};
