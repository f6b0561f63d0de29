import type { Migration } from './index.js';

/**
 * Issue #4, incidents: silences (maintenance windows), network-aware suppression, the sensor-quality
 * gate's maintenance items, sanitation cases attached to incidents (one record across sources).
 */
export const incidentContext: Migration = {
  id: '005-incident-context',
  sql: `
    CREATE TABLE silences (
      id uuid PRIMARY KEY,
      asset_id text,
      district text,
      domain text,
      rule_id text,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      reason text NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (ends_at >= starts_at),
      CHECK (asset_id IS NOT NULL OR district IS NOT NULL OR domain IS NOT NULL OR rule_id IS NOT NULL)
    );
    CREATE INDEX silences_window ON silences (ends_at, starts_at);

    ALTER TABLE incidents
      ADD COLUMN silenced boolean NOT NULL DEFAULT false,
      ADD COLUMN silence_id uuid,
      ADD COLUMN suppressed_by uuid,
      ADD COLUMN suspect boolean NOT NULL DEFAULT false,
      ADD COLUMN linked_cases integer NOT NULL DEFAULT 0;
    CREATE INDEX incidents_active_asset ON incidents (asset_id) WHERE status <> 'resolved';
    CREATE INDEX incidents_silence ON incidents (silence_id) WHERE silence_id IS NOT NULL;
    CREATE INDEX incidents_asset_opened ON incidents (asset_id, opened_at);

    -- The parent chain (indoor sensor -> station -> heat source) is walked upwards from a child.
    CREATE INDEX assets_parent ON assets (parent_id) WHERE parent_id IS NOT NULL;

    CREATE TABLE maintenance_items (
      id uuid PRIMARY KEY,
      asset_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('stuck', 'spike', 'rejections')),
      metric text,
      detail text NOT NULL,
      detected_at timestamptz NOT NULL,
      last_detected_at timestamptz NOT NULL,
      occurrences integer NOT NULL DEFAULT 1,
      status text NOT NULL CHECK (status IN ('open', 'resolved')),
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      resolved_by text,
      note text
    );
    -- One open item per sensor: a further finding while it is open counts as an occurrence.
    CREATE UNIQUE INDEX maintenance_one_open_per_asset ON maintenance_items (asset_id) WHERE status = 'open';
    CREATE INDEX maintenance_created ON maintenance_items (created_at DESC, id DESC);
    CREATE INDEX maintenance_asset_resolved ON maintenance_items (asset_id, resolved_at);

    CREATE INDEX quarantine_sensor_quality ON quarantine (sensor_id, received_at)
      WHERE reason IN ('sentinel_value', 'out_of_range');

    -- A case joins at most one incident, once.
    CREATE TABLE incident_cases (
      case_id text PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES incidents (id),
      distance_m double precision NOT NULL,
      linked_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX incident_cases_incident ON incident_cases (incident_id, linked_at);
  `,
};
