import type { Migration } from './index.js';

/**
 * A `cleared` transition applied before the `raised` it ends (the raise's job was still being
 * retried, e.g. across a PostgreSQL outage: docs/drills.md, drill 4) finds no incident. It is kept
 * here, one per incident key, so that the late raise opens the incident and resolves it at once
 * at the clear's event time, instead of leaving it open for ever.
 */
export const earlyClears: Migration = {
  id: '013-early-clears',
  sql: `
    CREATE TABLE incident_early_clears (
      key TEXT PRIMARY KEY,
      transition_id TEXT NOT NULL,
      at TIMESTAMPTZ NOT NULL,
      value DOUBLE PRECISION NOT NULL,
      recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
    );
  `,
};
