import { Inject, Injectable } from '@nestjs/common';
import type { AssetImportRow, AssetKind, Domain, Severity } from '@cityops/contracts';
import { DATABASE, type Database, type Queryable } from '../../infra/database/database.js';
import { chunksForInsert, valuesClause } from '../../infra/database/values-clause.js';

export interface AssetRecord {
  id: string;
  domain: Domain;
  kind: AssetKind;
  name: string;
  district: string;
  lng: number;
  lat: number;
  parentId: string | null;
  /** The sensor-quality gate holds it suspect (an open maintenance item); only where loaded. */
  suspect?: boolean;
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

@Injectable()
export class AssetsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Inserts or updates by id, in one transaction. */
  async upsert(rows: readonly AssetImportRow[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const chunk of chunksForInsert(rows, 8)) {
        await tx.query(
          `INSERT INTO assets (id, domain, kind, name, district, lng, lat, parent_id) VALUES ${valuesClause(chunk.length, 8)}
           ON CONFLICT (id) DO UPDATE SET domain = excluded.domain, kind = excluded.kind, name = excluded.name,
             district = excluded.district, lng = excluded.lng, lat = excluded.lat, parent_id = excluded.parent_id,
             updated_at = now()`,
          chunk.flatMap((r) => [
            r.id,
            r.domain,
            r.kind,
            r.name,
            r.district,
            r.lng,
            r.lat,
            r.parentId,
          ]),
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
    const rows = await this.db.query<AssetRow & { severity: Severity | null; suspect: boolean }>(
      `SELECT a.*, (
         SELECT i.severity FROM incidents i
         WHERE i.asset_id = a.id AND i.status <> 'resolved'
         ORDER BY array_position(ARRAY['blue', 'yellow', 'orange', 'red'], i.severity) DESC
         LIMIT 1
       ) AS severity,
       EXISTS (SELECT 1 FROM maintenance_items m WHERE m.asset_id = a.id AND m.status = 'open') AS suspect
       FROM assets a
       WHERE ($1::text IS NULL OR a.domain = $1) AND ($2::text[] IS NULL OR a.id = ANY($2::text[]))
       ORDER BY a.id`,
      [filter.domain ?? null, filter.ids ?? null],
    );
    return rows.map((row) => ({ ...toRecord(row), severity: row.severity, suspect: row.suspect }));
  }

  async findMany(ids: readonly string[], tx: Queryable = this.db): Promise<AssetRecord[]> {
    if (ids.length === 0) return [];
    const rows = await tx.query<AssetRow>('SELECT * FROM assets WHERE id = ANY($1::text[])', [ids]);
    return rows.map(toRecord);
  }

  /**
   * The child → parent edges from an asset up its parent chain (indoor sensor → station → heat
   * source), at most maxDepth steps; cycles stop at the depth limit (parentChain handles them).
   */
  async parentEdges(
    tx: Queryable,
    assetId: string,
    maxDepth = 16,
  ): Promise<Map<string, string | null>> {
    const rows = await tx.query<{ id: string; parent_id: string | null }>(
      `WITH RECURSIVE chain (id, parent_id, depth) AS (
         SELECT id, parent_id, 0 FROM assets WHERE id = $1
         UNION
         SELECT a.id, a.parent_id, c.depth + 1 FROM assets a JOIN chain c ON a.id = c.parent_id
         WHERE c.depth < $2
       )
       SELECT DISTINCT id, parent_id FROM chain`,
      [assetId, maxDepth],
    );
    return new Map(rows.map((r) => [r.id, r.parent_id]));
  }
}
