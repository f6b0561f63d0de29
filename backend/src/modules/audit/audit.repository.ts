import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, type Queryable } from '../../infra/database/database.js';

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  ip?: string | null;
  data?: Record<string, unknown>;
}

/** Append-only audit trail of state-changing actions. */
@Injectable()
export class AuditRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async record(entry: AuditEntry, tx: Queryable = this.db): Promise<void> {
    await tx.query(
      'INSERT INTO audit_log (actor, action, target, ip, data) VALUES ($1, $2, $3, $4, $5)',
      [
        entry.actor,
        entry.action,
        entry.target ?? null,
        entry.ip ?? null,
        JSON.stringify(entry.data ?? {}),
      ],
    );
  }
}
