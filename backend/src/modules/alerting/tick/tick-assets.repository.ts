import { Inject, Injectable } from '@nestjs/common';
import type { AssetKind } from '@cityops/contracts';
import { DATABASE, type Database } from '../../../infra/database/database.js';

/** An asset as the tick path sees it: what it is, where, and since when it is watched. */
export interface TickAsset {
  id: string;
  kind: AssetKind;
  district: string;
  /** When it was registered (epoch ms): silence of an asset that never reported counts from here. */
  registeredAt: number;
}

/** The asset registry (the database, its source of truth) read for a rule group. */
@Injectable()
export class TickAssetsRepository {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async ofKinds(kinds: readonly AssetKind[]): Promise<TickAsset[]> {
    // The registration time as epoch ms, a float8 (truncated to whole ms, as a Date has it) rather
    // than a timestamptz the driver turns into a Date: at 100,000 assets this halves the load
    // (docs/performance.md, "Tick path").
    const rows = await this.db.query<{
      id: string;
      kind: AssetKind;
      district: string;
      registered_at: number | string;
    }>(
      `SELECT id, kind, district, (extract(epoch FROM created_at) * 1000)::float8 AS registered_at
       FROM assets WHERE kind = ANY($1::text[])`,
      [kinds],
    );
    const out = new Array<TickAsset>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      out[i] = {
        id: row.id,
        kind: row.kind,
        district: row.district,
        registeredAt: Math.floor(Number(row.registered_at)),
      };
    }
    return out;
  }
}
