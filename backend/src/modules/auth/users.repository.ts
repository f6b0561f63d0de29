import { Inject, Injectable } from '@nestjs/common';
import type { Role, UserAccount } from '@cityops/contracts';
import { DATABASE, type Database } from '../../infra/database/database.js';

export interface UserRecord {
  username: string;
  passwordHash: string;
  role: Role;
  mustChangePassword: boolean;
  /** Null: the whole city. */
  districts?: string[] | null;
}

export interface StoredUser extends Required<UserRecord> {
  disabled: boolean;
  createdAt: Date;
  passwordChangedAt: Date | null;
}

export interface UserChanges {
  role?: Role;
  districts?: string[] | null;
  disabled?: boolean;
  passwordHash?: string;
  mustChangePassword?: boolean;
}

interface UserRow {
  username: string;
  password_hash: string;
  role: Role;
  must_change_password: boolean;
  districts: string[] | null;
  disabled_at: Date | string | null;
  created_at: Date | string;
  password_changed_at: Date | string | null;
}

const COLUMNS =
  'username, password_hash, role, must_change_password, districts, disabled_at, created_at, password_changed_at';

const toStored = (row: UserRow): StoredUser => ({
  username: row.username,
  passwordHash: row.password_hash,
  role: row.role,
  mustChangePassword: row.must_change_password,
  districts: row.districts,
  disabled: row.disabled_at !== null,
  createdAt: new Date(row.created_at),
  passwordChangedAt: row.password_changed_at === null ? null : new Date(row.password_changed_at),
});

/** The account as the admin API shows it: never the hash. */
export function toUserAccount(user: StoredUser): UserAccount {
  return {
    username: user.username,
    role: user.role,
    districts: user.districts,
    mustChangePassword: user.mustChangePassword,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
    passwordChangedAt: user.passwordChangedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async find(username: string): Promise<StoredUser | null> {
    const [row] = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE username = $1`, [
      username,
    ]);
    return row ? toStored(row) : null;
  }

  async list(): Promise<StoredUser[]> {
    const rows = await this.db.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY username`);
    return rows.map(toStored);
  }

  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    return row?.n ?? 0;
  }

  /** Inserts unless the username exists; true when inserted. */
  async insertIfAbsent(user: UserRecord): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO users (username, password_hash, role, must_change_password, districts)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (username) DO NOTHING RETURNING username`,
      [
        user.username,
        user.passwordHash,
        user.role,
        user.mustChangePassword,
        user.districts ?? null,
      ],
    );
    return rows.length === 1;
  }

  /** Applies the given changes; the user after them, or null when there is none. */
  async update(username: string, changes: UserChanges): Promise<StoredUser | null> {
    const [row] = await this.db.query<UserRow>(
      `UPDATE users SET
         role = COALESCE($2, role),
         districts = CASE WHEN $3::boolean THEN $4::text[] ELSE districts END,
         disabled_at = CASE WHEN $5::boolean IS NULL THEN disabled_at
                            WHEN $5 THEN COALESCE(disabled_at, now()) ELSE NULL END,
         password_hash = COALESCE($6, password_hash),
         password_changed_at = CASE WHEN $6::text IS NULL THEN password_changed_at ELSE now() END,
         must_change_password = COALESCE($7, must_change_password)
       WHERE username = $1
       RETURNING ${COLUMNS}`,
      [
        username,
        changes.role ?? null,
        changes.districts !== undefined,
        changes.districts ?? null,
        changes.disabled ?? null,
        changes.passwordHash ?? null,
        changes.mustChangePassword ?? null,
      ],
    );
    return row ? toStored(row) : null;
  }
}
