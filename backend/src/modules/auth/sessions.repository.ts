import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '../../infra/database/database.js';

export interface SessionRecord {
  id: string;
  username: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** What presenting a refresh token found. */
export type RotateOutcome =
  | { kind: 'rotated'; session: SessionRecord }
  /** The token was already used: replayed, so the session is revoked. */
  | { kind: 'reused'; session: SessionRecord; rotatedSecondsAgo: number }
  | { kind: 'invalid' };

interface SessionRow {
  id: string;
  username: string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
}

const toRecord = (row: SessionRow): SessionRecord => ({
  id: row.id,
  username: row.username,
  expiresAt: new Date(row.expires_at),
  revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
});

/** Sign-in sessions (auth_sessions): the hash of the current refresh token and of the one before. */
@Injectable()
export class SessionsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async create(input: {
    id: string;
    username: string;
    refreshHash: string;
    expiresAt: Date;
    ip: string | null;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO auth_sessions (id, username, refresh_hash, expires_at, ip) VALUES ($1, $2, $3, $4, $5)`,
      [input.id, input.username, input.refreshHash, input.expiresAt.toISOString(), input.ip],
    );
  }

  /**
   * Swaps the refresh hash in one conditional statement, so two concurrent refreshes with the
   * same token cannot both succeed. A hash equal to the previous one is a replay.
   */
  async rotate(id: string, presentedHash: string, nextHash: string): Promise<RotateOutcome> {
    const [rotated] = await this.db.query<SessionRow>(
      `UPDATE auth_sessions
          SET previous_refresh_hash = refresh_hash, refresh_hash = $3, refreshed_at = now()
        WHERE id = $1 AND refresh_hash = $2 AND revoked_at IS NULL AND expires_at > now()
        RETURNING id, username, expires_at, revoked_at`,
      [id, presentedHash, nextHash],
    );
    if (rotated) return { kind: 'rotated', session: toRecord(rotated) };
    const [previous] = await this.db.query<SessionRow & { age: number }>(
      `SELECT id, username, expires_at, revoked_at,
              extract(epoch FROM now() - refreshed_at)::float8 AS age
         FROM auth_sessions WHERE id = $1 AND previous_refresh_hash = $2`,
      [id, presentedHash],
    );
    if (previous)
      return { kind: 'reused', session: toRecord(previous), rotatedSecondsAgo: previous.age };
    return { kind: 'invalid' };
  }

  /** Revokes one session; the ids revoked now (empty when it already was). */
  async revoke(id: string, reason: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2
        WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [id, reason],
    );
    return rows.map((row) => row.id);
  }

  /** Revokes every open session of a user (but `keep`); the ids revoked. */
  async revokeAllOf(
    username: string,
    reason: string,
    keep: string | null = null,
  ): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2
        WHERE username = $1 AND revoked_at IS NULL AND expires_at > now()
          AND ($3::text IS NULL OR id <> $3) RETURNING id`,
      [username, reason, keep],
    );
    return rows.map((row) => row.id);
  }

  /** Sessions past their end or revoked over a day ago are of no further use. */
  async deleteStale(): Promise<number> {
    const rows = await this.db.query(
      `DELETE FROM auth_sessions
        WHERE expires_at < now() - interval '1 day' OR revoked_at < now() - interval '1 day'
        RETURNING id`,
    );
    return rows.length;
  }
}
