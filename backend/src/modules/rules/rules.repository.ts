import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type Rule,
  type RuleChange,
  RuleSchema,
  type RuleVersion,
  type StoredRule,
} from '@cityops/contracts';
import { DATABASE, type Database, type Queryable } from '../../infra/database/database.js';

interface RuleRow {
  id: string;
  version: number;
  definition: unknown;
  enabled: boolean;
  archived: boolean;
  updated_by: string;
  updated_at: Date | string;
}

interface VersionRow extends RuleRow {
  change: RuleChange;
}

const iso = (value: Date | string): string => new Date(value).toISOString();
const json = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/** What a change writes: the new definition (its version, enabled flag and all) and who did it. */
export interface RuleWrite {
  rule: Rule;
  archived: boolean;
  change: RuleChange;
  actor: string;
}

/** The rule store: `rules` holds each rule's current version, `rule_versions` every version. */
@Injectable()
export class RulesRepository {
  private readonly logger = new Logger(RulesRepository.name);

  constructor(@Inject(DATABASE) readonly db: Database) {}

  /** Every stored rule, archived ones included, by id. Definitions that no longer parse are skipped. */
  async list(tx: Queryable = this.db): Promise<StoredRule[]> {
    const rows = await tx.query<RuleRow>(
      'SELECT id, version, definition, enabled, archived, updated_by, updated_at FROM rules ORDER BY id',
    );
    return rows.map((row) => this.toStored(row)).filter((r): r is StoredRule => r !== null);
  }

  async find(id: string, tx: Queryable = this.db, forUpdate = false): Promise<StoredRule | null> {
    const [row] = await tx.query<RuleRow>(
      `SELECT id, version, definition, enabled, archived, updated_by, updated_at FROM rules WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ? this.toStored(row) : null;
  }

  async exists(id: string, tx: Queryable = this.db): Promise<boolean> {
    const rows = await tx.query('SELECT 1 FROM rules WHERE id = $1', [id]);
    return rows.length > 0;
  }

  /** History of a rule, newest first. */
  async versions(id: string, tx: Queryable = this.db): Promise<RuleVersion[]> {
    const rows = await tx.query<VersionRow>(
      `SELECT rule_id AS id, version, change, definition, enabled, archived, updated_by, updated_at
         FROM rule_versions WHERE rule_id = $1 ORDER BY version DESC`,
      [id],
    );
    return rows.flatMap((row) => {
      const stored = this.toStored(row);
      return stored ? [{ version: row.version, change: row.change, ...stored }] : [];
    });
  }

  /** Inserts a new rule unless one with its id exists; returns whether it did. */
  async insert(tx: Queryable, write: RuleWrite): Promise<StoredRule | null> {
    const { rule } = write;
    const [row] = await tx.query<RuleRow>(
      `INSERT INTO rules (id, version, type, domain, definition, enabled, archived, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO NOTHING
       RETURNING id, version, definition, enabled, archived, updated_by, updated_at`,
      [
        rule.id,
        rule.version,
        rule.type,
        rule.domain,
        JSON.stringify(rule),
        rule.enabled,
        write.archived,
        write.actor,
      ],
    );
    if (!row) return null;
    await this.addVersion(tx, write);
    return this.toStored(row);
  }

  /**
   * Replaces the current version `fromVersion` with write.rule (whose version is the next one).
   * Returns null when the stored version is not `fromVersion` any more.
   */
  async update(tx: Queryable, fromVersion: number, write: RuleWrite): Promise<StoredRule | null> {
    const { rule } = write;
    const [row] = await tx.query<RuleRow>(
      `UPDATE rules
          SET version = $2, type = $3, domain = $4, definition = $5, enabled = $6, archived = $7,
              updated_by = $8, updated_at = now()
        WHERE id = $1 AND version = $9
        RETURNING id, version, definition, enabled, archived, updated_by, updated_at`,
      [
        rule.id,
        rule.version,
        rule.type,
        rule.domain,
        JSON.stringify(rule),
        rule.enabled,
        write.archived,
        write.actor,
        fromVersion,
      ],
    );
    if (!row) return null;
    await this.addVersion(tx, write);
    return this.toStored(row);
  }

  private async addVersion(tx: Queryable, write: RuleWrite): Promise<void> {
    await tx.query(
      `INSERT INTO rule_versions (rule_id, version, change, definition, enabled, archived, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        write.rule.id,
        write.rule.version,
        write.change,
        JSON.stringify(write.rule),
        write.rule.enabled,
        write.archived,
        write.actor,
      ],
    );
  }

  private toStored(row: RuleRow): StoredRule | null {
    const parsed = RuleSchema.safeParse(json(row.definition));
    if (!parsed.success) {
      this.logger.error(
        `Stored rule ${row.id} v${row.version} does not match the rule schema; ignored: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
      return null;
    }
    // The columns are the truth for the flags a change may touch without an edit.
    const rule = { ...parsed.data, version: row.version, enabled: row.enabled } as Rule;
    return {
      rule,
      archived: row.archived,
      updatedBy: row.updated_by,
      updatedAt: iso(row.updated_at),
    };
  }
}
