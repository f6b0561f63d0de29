import { Inject, Injectable } from '@nestjs/common';
import type { ApiToken, Role, TokenKind } from '@cityops/contracts';
import { DATABASE, type Database } from '../../infra/database/database.js';

export interface StoredApiToken extends ApiToken {
  secretHash: string;
}

interface TokenRow {
  id: string;
  kind: TokenKind;
  name: string;
  secret_hash: string;
  role: Role;
  scopes: string[];
  districts: string[] | null;
  created_by: string;
  created_at: Date | string;
  expires_at: Date | string | null;
  last_seen_at: Date | string | null;
  last_seen_ip: string | null;
  revoked_at: Date | string | null;
}

const iso = (value: Date | string | null) =>
  value === null ? null : new Date(value).toISOString();

const toStored = (row: TokenRow): StoredApiToken => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  secretHash: row.secret_hash,
  role: row.role,
  scopes: row.scopes,
  districts: row.districts,
  createdBy: row.created_by,
  createdAt: new Date(row.created_at).toISOString(),
  expiresAt: iso(row.expires_at),
  lastSeenAt: iso(row.last_seen_at),
  lastSeenIp: row.last_seen_ip,
  revokedAt: iso(row.revoked_at),
});

export function toApiToken(token: StoredApiToken): ApiToken {
  const { secretHash: _secretHash, ...shown } = token;
  return shown;
}

const COLUMNS =
  'id, kind, name, secret_hash, role, scopes, districts, created_by, created_at, expires_at, last_seen_at, last_seen_ip, revoked_at';

/** Display and API tokens (api_tokens): only the secret's hash is kept. */
@Injectable()
export class ApiTokensRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async insert(input: {
    id: string;
    kind: TokenKind;
    name: string;
    secretHash: string;
    role: Role;
    scopes: string[];
    districts: string[] | null;
    createdBy: string;
    expiresAt: Date | null;
  }): Promise<StoredApiToken> {
    const [row] = await this.db.query<TokenRow>(
      `INSERT INTO api_tokens (id, kind, name, secret_hash, role, scopes, districts, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
      [
        input.id,
        input.kind,
        input.name,
        input.secretHash,
        input.role,
        input.scopes,
        input.districts,
        input.createdBy,
        input.expiresAt?.toISOString() ?? null,
      ],
    );
    return toStored(row!);
  }

  async find(id: string): Promise<StoredApiToken | null> {
    const [row] = await this.db.query<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`, [
      id,
    ]);
    return row ? toStored(row) : null;
  }

  async list(): Promise<StoredApiToken[]> {
    const rows = await this.db.query<TokenRow>(
      `SELECT ${COLUMNS} FROM api_tokens ORDER BY revoked_at IS NOT NULL, created_at DESC`,
    );
    return rows.map(toStored);
  }

  /** The token after revocation, or null when there is no such token. Revoking twice keeps the first time. */
  async revoke(id: string, by: string): Promise<StoredApiToken | null> {
    const [row] = await this.db.query<TokenRow>(
      `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, now()), revoked_by = COALESCE(revoked_by, $2)
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, by],
    );
    return row ? toStored(row) : null;
  }

  /** Last seen at most once a minute per token, so a polling wall does not write on every request. */
  async touch(id: string, ip: string | null): Promise<void> {
    await this.db.query(
      `UPDATE api_tokens SET last_seen_at = now(), last_seen_ip = $2
        WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')`,
      [id, ip],
    );
  }
}
