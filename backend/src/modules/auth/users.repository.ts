import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@cityops/contracts';
import { DATABASE, type Database } from '../../infra/database/database.js';

export interface UserRecord {
  username: string;
  passwordHash: string;
  role: Role;
  mustChangePassword: boolean;
}

interface UserRow {
  username: string;
  password_hash: string;
  role: Role;
  must_change_password: boolean;
}

@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async find(username: string): Promise<UserRecord | null> {
    const [row] = await this.db.query<UserRow>(
      'SELECT username, password_hash, role, must_change_password FROM users WHERE username = $1',
      [username],
    );
    return row
      ? {
          username: row.username,
          passwordHash: row.password_hash,
          role: row.role,
          mustChangePassword: row.must_change_password,
        }
      : null;
  }

  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    return row?.n ?? 0;
  }

  /** Inserts unless the username exists; true when inserted. */
  async insertIfAbsent(user: UserRecord): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO users (username, password_hash, role, must_change_password) VALUES ($1, $2, $3, $4)
       ON CONFLICT (username) DO NOTHING RETURNING username`,
      [user.username, user.passwordHash, user.role, user.mustChangePassword],
    );
    return rows.length === 1;
  }
}
