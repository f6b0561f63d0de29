import type { Migration } from './index.js';

/** The rule store: the current definition of each rule and every version it went through. */
export const rulesStore: Migration = {
  id: '003-rules',
  sql: `
    CREATE TABLE rules (
      id text PRIMARY KEY,
      version integer NOT NULL CHECK (version >= 1),
      type text NOT NULL,
      domain text NOT NULL,
      definition jsonb NOT NULL,
      enabled boolean NOT NULL,
      -- Deleting a rule archives it (and disables it): its incidents keep pointing at it.
      archived boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE rule_versions (
      rule_id text NOT NULL REFERENCES rules (id),
      version integer NOT NULL,
      change text NOT NULL,
      definition jsonb NOT NULL,
      enabled boolean NOT NULL,
      archived boolean NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (rule_id, version)
    );
  `,
};
