import type { Migration } from './index.js';

export const sanitationCases: Migration = {
  id: '002-sanitation-cases',
  sql: `
    CREATE TABLE cases (
      id text PRIMARY KEY,
      category text NOT NULL,
      source text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'in_progress', 'closed')),
      reported_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      due_at timestamptz NOT NULL,
      closed_at timestamptz,
      district text NOT NULL,
      lng double precision NOT NULL,
      lat double precision NOT NULL,
      description text NOT NULL,
      ingested_by text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX cases_reported ON cases (reported_at DESC, id DESC);
    CREATE INDEX cases_open_due ON cases (due_at) WHERE status <> 'closed';
  `,
};
