import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@cityops/contracts';
import { DATABASE, type Database } from '../../infra/database/database.js';

/** The sign-in session a board ticket names, and its user as they are now. */
export interface BoardSessionState {
  username: string;
  /** Revoked (logout, password change, an admin's change) or past its end. */
  ended: boolean;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
}

interface Row {
  username: string;
  ended: boolean;
  role: Role;
  disabled: boolean;
  must_change_password: boolean;
}

/** Reads auth_sessions and users for the board's per-request check: one primary-key join. */
@Injectable()
export class BoardAccessRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async sessionState(sessionId: string): Promise<BoardSessionState | null> {
    const [row] = await this.db.query<Row>(
      `SELECT s.username,
              (s.revoked_at IS NOT NULL OR s.expires_at <= now()) AS ended,
              u.role, u.disabled_at IS NOT NULL AS disabled, u.must_change_password
         FROM auth_sessions s JOIN users u ON u.username = s.username
        WHERE s.id = $1`,
      [sessionId],
    );
    if (!row) return null;
    return {
      username: row.username,
      ended: row.ended,
      role: row.role,
      disabled: row.disabled,
      mustChangePassword: row.must_change_password,
    };
  }
}
