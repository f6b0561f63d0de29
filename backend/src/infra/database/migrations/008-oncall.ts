import type { Migration } from './index.js';

/**
 * Issue #5, on-call (docs/oncall.md): teams and their members with contact channels, schedules
 * (rotation layers and overrides, kept as JSON: always read and written whole, validated by the
 * contracts' schemas), and the routes that pick a team for an incident.
 *
 * Schedules name members inside their JSON; the service checks those references in the same
 * transaction that locks the team row, so a member in use is never removed underneath a schedule.
 */
export const oncall: Migration = {
  id: '008-oncall',
  sql: `
    CREATE TABLE oncall_teams (
      id text PRIMARY KEY,
      name text NOT NULL,
      description text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- Member ids are unique across teams: the calendar feed and schedules name a member by id alone.
    CREATE TABLE oncall_members (
      id text PRIMARY KEY,
      team_id text NOT NULL REFERENCES oncall_teams (id) ON DELETE CASCADE,
      position integer NOT NULL,
      username text,
      display_name text,
      contacts jsonb NOT NULL DEFAULT '[]',
      -- Part of the calendar feed token: raising it revokes the member's old feed URL.
      feed_version integer NOT NULL DEFAULT 1,
      CHECK (username IS NOT NULL OR display_name IS NOT NULL)
    );
    CREATE INDEX oncall_members_team ON oncall_members (team_id, position);

    CREATE TABLE oncall_schedules (
      id text PRIMARY KEY,
      team_id text NOT NULL REFERENCES oncall_teams (id),
      name text,
      time_zone text NOT NULL,
      layers jsonb NOT NULL,
      overrides jsonb NOT NULL DEFAULT '[]',
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX oncall_schedules_team ON oncall_schedules (team_id);

    CREATE TABLE oncall_routes (
      id text PRIMARY KEY,
      position integer NOT NULL UNIQUE,
      match jsonb NOT NULL DEFAULT '{}',
      -- match is empty: the default route, taking what no other route took.
      is_default boolean NOT NULL,
      team_id text NOT NULL REFERENCES oncall_teams (id),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX oncall_routes_one_default ON oncall_routes (is_default) WHERE is_default;
  `,
};
