import type { Migration } from './index.js';

export const initialSchema: Migration = {
  id: '001-initial-schema',
  sql: `
    CREATE TABLE settings (
      key text PRIMARY KEY,
      value text NOT NULL
    );

    CREATE TABLE users (
      username text PRIMARY KEY,
      password_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'operator', 'display')),
      must_change_password boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE assets (
      id text PRIMARY KEY,
      domain text NOT NULL,
      kind text NOT NULL,
      name text NOT NULL,
      district text NOT NULL,
      lng double precision NOT NULL,
      lat double precision NOT NULL,
      parent_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX assets_domain ON assets (domain);

    CREATE TABLE incidents (
      id uuid PRIMARY KEY,
      key text NOT NULL,
      domain text NOT NULL,
      rule_id text NOT NULL,
      asset_id text,
      asset_name text,
      district text,
      severity text NOT NULL CHECK (severity IN ('blue', 'yellow', 'orange', 'red')),
      status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
      title text NOT NULL,
      metric text,
      opened_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by text,
      resolved_at timestamptz,
      resolved_by text,
      updated_at timestamptz NOT NULL,
      last_value double precision,
      lng double precision,
      lat double precision
    );
    -- One active incident per dedup key; a resolved one never blocks a new occurrence.
    CREATE UNIQUE INDEX incidents_one_active_per_key ON incidents (key) WHERE status <> 'resolved';
    CREATE INDEX incidents_opened ON incidents (opened_at DESC, id DESC);
    CREATE INDEX incidents_status ON incidents (status);

    CREATE TABLE incident_events (
      id bigserial PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES incidents (id),
      at timestamptz NOT NULL,
      type text NOT NULL,
      actor text NOT NULL,
      message text,
      data jsonb NOT NULL DEFAULT '{}',
      -- The alert transition that caused the event: a retried job finds it and does nothing.
      transition_id text UNIQUE
    );
    CREATE INDEX incident_events_incident ON incident_events (incident_id, at);

    CREATE TABLE quarantine (
      id bigserial PRIMARY KEY,
      source text NOT NULL,
      reason text NOT NULL,
      detail text NOT NULL,
      sensor_id text,
      metric text,
      payload text NOT NULL,
      received_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX quarantine_received ON quarantine (received_at DESC, id DESC);

    CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      action text NOT NULL,
      target text,
      ip text,
      data jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_log_at ON audit_log (at DESC);
  `,
};
