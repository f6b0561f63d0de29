import type { Migration } from './index.js';

/**
 * Issue #5, escalation (docs/escalation.md): policies (steps kept as JSON, always read and written
 * whole after validation), one escalation per incident with the policy it runs (a copy: editing a
 * policy does not change escalations under way), the steps already taken (so a retried step job
 * writes its timeline entry once), and the acknowledge links already used (a link works once).
 */
export const escalation: Migration = {
  id: '009-escalation',
  sql: `
    CREATE TABLE escalation_policies (
      id text PRIMARY KEY,
      name text NOT NULL,
      steps jsonb NOT NULL,
      repeat integer NOT NULL DEFAULT 0,
      repeat_after_minutes integer NOT NULL DEFAULT 10,
      route_ids jsonb NOT NULL DEFAULT '[]',
      team_ids jsonb NOT NULL DEFAULT '[]',
      is_default boolean NOT NULL DEFAULT false,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX escalation_policies_one_default ON escalation_policies (is_default) WHERE is_default;

    CREATE TABLE incident_escalations (
      incident_id uuid PRIMARY KEY REFERENCES incidents (id),
      policy_id text,
      -- The policy as it was when the escalation started: {steps, repeat, repeatAfterMinutes}.
      policy jsonb NOT NULL,
      route_id text,
      team_id text,
      -- The severity routing was decided for; a higher one routes again (a new generation).
      severity text NOT NULL,
      -- Bumped when the escalation starts over (re-routed, or paging again after a silence): step
      -- jobs of an older generation do nothing.
      generation integer NOT NULL DEFAULT 0,
      started_at timestamptz NOT NULL DEFAULT now(),
      -- running: a step job is pending; stopped: acknowledged, resolved, silenced …; done: no step left.
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'stopped', 'done')),
      stop_reason text,
      next_job_id text
    );

    CREATE TABLE incident_escalation_steps (
      incident_id uuid NOT NULL REFERENCES incidents (id),
      generation integer NOT NULL,
      round integer NOT NULL,
      step integer NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      recipients jsonb NOT NULL DEFAULT '[]',
      PRIMARY KEY (incident_id, generation, round, step)
    );

    CREATE TABLE ack_links_used (
      link_id text PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES incidents (id),
      member_id text NOT NULL,
      used_at timestamptz NOT NULL DEFAULT now()
    );
  `,
};
