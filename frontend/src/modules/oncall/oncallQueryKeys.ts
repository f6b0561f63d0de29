/** Cache keys of the on-call page (the shared QueryKey enum has no entry for on-call). */
export const oncallQueryKeys = {
  all: ['oncall'] as const,
  teams: ['oncall', 'teams'] as const,
  schedules: ['oncall', 'schedules'] as const,
  spans: (id: string, from: string, to: string) => ['oncall', 'spans', id, from, to] as const,
  routes: ['oncall', 'routes'] as const,
  now: ['oncall', 'now'] as const,
  policies: ['oncall', 'policies'] as const,
};
