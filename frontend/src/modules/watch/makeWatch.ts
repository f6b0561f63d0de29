import type { WatchMode } from '@cityops/contracts';

/** A valid WatchMode with sensible defaults, for unit tests. */
export function makeWatch(overrides: Partial<WatchMode> = {}): WatchMode {
  return {
    id: 'w-1',
    kind: 'rainstorm',
    scope: 'city',
    startedAt: '2026-07-20T06:00:00Z',
    startedBy: 'supervisor',
    reason: '市气象台发布暴雨黄色预警',
    endsAt: null,
    endedAt: null,
    endedBy: null,
    endNote: null,
    auto: false,
    triggerIncidentId: null,
    active: true,
    ...overrides,
  };
}
