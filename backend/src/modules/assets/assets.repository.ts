import { Inject, Injectable } from '@nestjs/common';
import type { AssetImportRow, AssetKind, Domain, Severity } from '@cityops/contracts';
import { DATABASE, type Database, type Queryable } from '../../infra/database/database.js';

export interface AssetRecord {
  id: string;
  domain: Domain;
  kind: AssetKind;
  name: string;
  district: string;
  lng: number;
  lat: number;
  parentId: string | null;
}

interface AssetRow {
  id: string;
  domain: Domain;
  kind: AssetKind;
  name: string;
  district: string;
  lng: number;
  lat: number;
  parent_id: string | null;
}

const toRecord = (row: AssetRow): AssetRecord => ({
  id: row.id,
  domain: row.domain,
  kind: row.kind,
  name: row.name,
  district: row.district,
  lng: row.lng,
  lat: row.lat,
  parentId: row.parent_id,
});

const UPSERT_CHUNK = 500;

@Injectable()
export class AssetsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Inserts or updates by id, in one transaction. */
  async upsert(rows: readonly AssetImportRow[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (let start = 0; start < rows.length; start += UPSERT_CHUNK) {
        const chunk = rows.slice(start, start + UPSERT_CHUNK);
        const params: unknown[] = [];
        const values = chunk.map((row, i) => {
          params.push(
            row.id,
            row.domain,
            row.kind,
            row.name,
            row.district,
            row.lng,
            row.lat,
            row.parentId,
          );
          const o = i * 8;
          return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7}, $${o + 8})`;
        });
        await tx.query(
          `INSERT INTO assets (id, domain, kind, name, district, lng, lat, parent_id) VALUES ${values.join(', ')}
           ON CONFLICT (id) DO UPDATE SET domain = excluded.domain, kind = excluded.kind, name = excluded.name,
             district = excluded.district, lng = excluded.lng, lat = excluded.lat, parent_id = excluded.parent_id,
             updated_at = now()`,
          params,
        );
      }
    });
  }

  async list(domain?: Domain): Promise<AssetRecord[]> {
    const rows = domain
      ? await this.db.query<AssetRow>('SELECT * FROM assets WHERE domain = $1 ORDER BY id', [
          domain,
        ])
      : await this.db.query<AssetRow>('SELECT * FROM assets ORDER BY id');
    return rows.map(toRecord);
  }

  /** Assets with the highest severity among their open incidents (null when none), for the map. */
  async listWithOpenSeverity(
    filter: { domain?: Domain; ids?: readonly string[] } = {},
  ): Promise<(AssetRecord & { severity: Severity | null })[]> {
    const rows = await this.db.query<AssetRow & { severity: Severity | null }>(
      `SELECT a.*, (
         SELECT i.severity FROM incidents i
         WHERE i.asset_id = a.id AND i.status <> 'resolved'
         ORDER BY array_position(ARRAY['blue', 'yellow', 'orange', 'red'], i.severity) DESC
         LIMIT 1
       ) AS severity
       FROM assets a
       WHERE ($1::text IS NULL OR a.domain = $1) AND ($2::text[] IS NULL OR a.id = ANY($2::text[]))
       ORDER BY a.id`,
      [filter.domain ?? null, filter.ids ?? null],
    );
    return rows.map((row) => ({ ...toRecord(row), severity: row.severity }));
  }

  async findMany(ids: readonly string[], tx: Queryable = this.db): Promise<AssetRecord[]> {
    if (ids.length === 0) return [];
    const rows = await tx.query<AssetRow>('SELECT * FROM assets WHERE id = ANY($1::text[])', [ids]);
    return rows.map(toRecord);
  }
}
