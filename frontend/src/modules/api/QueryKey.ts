/** The first element of every TanStack Query key, so invalidation and live patches name one spelling. */
export enum QueryKey {
  Config = 'config',
  Assets = 'assets',
  Incidents = 'incidents',
  Incident = 'incident',
  /** The history page's lists and statistics: read once per view, never patched by live events. */
  History = 'history',
  /** Admin: user accounts (GET /api/users) and display/API tokens (GET /api/tokens). */
  Users = 'users',
  Tokens = 'tokens',
  /** Admin: silences (GET /api/silences) and the quarantine (GET /api/quarantine). */
  Silences = 'silences',
  Quarantine = 'quarantine',
}
