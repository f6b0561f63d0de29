import type { Migration } from './index.js';

/**
 * Issue #4, watch mode (docs/watch-mode.md): the watches (rainstorm, cold wave) of the city or a
 * district, and the rainfall signals that start and end automatic ones.
 *
 * It also gives the default rules that a running city already stores their watch steps, the one
 * deliberate change of stored rules this release makes (docs/rules.md: seeding never touches a
 * stored rule): only rules without a `watch` section, each as a new version by "system" with its
 * history row and audit entry, exactly as an admin's edit would be recorded. A new database gets
 * them from seeding instead (this finds no rules there).
 */
export const watchModes: Migration = {
  id: '006-watch-modes',
  sql: `
    CREATE TABLE watch_modes (
      id uuid PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('rainstorm', 'cold_wave')),
      scope text NOT NULL CHECK (scope = 'city' OR scope ~ '^[0-9]{6}$'),
      started_at timestamptz NOT NULL,
      started_by text NOT NULL,
      reason text NOT NULL,
      -- Planned end: "until" of a manual watch; signal clear + cooldown of an automatic one.
      ends_at timestamptz,
      ended_at timestamptz,
      ended_by text,
      end_note text,
      auto boolean NOT NULL DEFAULT false,
      trigger_incident_id uuid,
      trigger_rule_id text,
      trigger_asset_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (ended_at IS NULL OR ended_by IS NOT NULL)
    );
    -- At most one automatic watch of a kind per scope that has not ended (two workers, one signal).
    CREATE UNIQUE INDEX watch_modes_one_auto ON watch_modes (kind, scope) WHERE auto AND ended_at IS NULL;
    CREATE INDEX watch_modes_open ON watch_modes (kind, scope) WHERE ended_at IS NULL;
    CREATE INDEX watch_modes_started ON watch_modes (started_at DESC, id DESC);
    CREATE INDEX watch_modes_ended ON watch_modes (ended_at DESC) WHERE ended_at IS NOT NULL;

    -- The last level of each rain gauge's signal (per rule), in event time: an automatic watch runs
    -- while any gauge in its scope is at or above the trigger level, and ends a cooldown after the last
    -- one fell below it.
    CREATE TABLE watch_signals (
      rule_id text NOT NULL,
      asset_id text NOT NULL,
      scope text NOT NULL,
      severity text CHECK (severity IN ('blue', 'yellow', 'orange', 'red')),
      at timestamptz NOT NULL,
      transition_id text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (rule_id, asset_id)
    );
    CREATE INDEX watch_signals_scope ON watch_signals (scope);

    WITH steps (id, watch) AS (
      VALUES
        ('underpass-depth', '{"rainstorm": {"step": 5}}'::jsonb),
        ('indoor-temp-low', '{"cold_wave": {"step": 1}}'::jsonb),
        ('waterlogging-sensor-offline', '{"rainstorm": {"step": 1}}'::jsonb),
        ('heating-sensor-offline', '{"cold_wave": {"step": 1}}'::jsonb)
    ),
    changed AS (
      UPDATE rules r
         SET definition = jsonb_set(r.definition || jsonb_build_object('watch', s.watch),
                                    '{version}', to_jsonb(r.version + 1)),
             version = r.version + 1,
             updated_by = 'system',
             updated_at = now()
        FROM steps s
       WHERE r.id = s.id AND NOT jsonb_exists(r.definition, 'watch')
      RETURNING r.id, r.version, r.definition, r.enabled, r.archived
    ),
    history AS (
      INSERT INTO rule_versions (rule_id, version, change, definition, enabled, archived, updated_by)
      SELECT id, version, 'updated', definition, enabled, archived, 'system' FROM changed
    )
    INSERT INTO audit_log (actor, action, target, data)
    SELECT 'system', 'rule.updated', id,
           jsonb_build_object('version', version, 'note', 'watch mode: default watch steps (migration 006)',
                              'after', jsonb_build_object('rule', definition, 'archived', archived))
      FROM changed;
  `,
};
