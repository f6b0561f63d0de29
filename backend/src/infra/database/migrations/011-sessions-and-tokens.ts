import type { Migration } from './index.js';

/**
 * Issue #7, accounts and tokens (docs/security.md). Users may be scoped to districts (NULL: the
 * whole city) and disabled. A sign-in opens a session whose refresh token rotates: only its hash is
 * kept, with the previous hash so a replayed old token is recognised and ends the session. Display
 * and API tokens are long-lived, stored as hashes, listed and revoked by admins.
 */
export const sessionsAndTokens: Migration = {
  id: '011-sessions-and-tokens',
  sql: `
    ALTER TABLE users ADD COLUMN districts text[];
    ALTER TABLE users ADD COLUMN disabled_at timestamptz;
    ALTER TABLE users ADD COLUMN password_changed_at timestamptz;

    CREATE TABLE auth_sessions (
      id text PRIMARY KEY,
      username text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
      refresh_hash text NOT NULL,
      previous_refresh_hash text,
      created_at timestamptz NOT NULL DEFAULT now(),
      refreshed_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      revoked_reason text,
      ip text
    );
    CREATE INDEX auth_sessions_username ON auth_sessions (username) WHERE revoked_at IS NULL;

    CREATE TABLE api_tokens (
      id text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('display', 'api')),
      name text NOT NULL,
      secret_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'operator', 'display')),
      scopes text[] NOT NULL DEFAULT '{}',
      districts text[],
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      last_seen_at timestamptz,
      last_seen_ip text,
      revoked_at timestamptz,
      revoked_by text
    );
  `,
};
