import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AssetCollection, AssetImportResult, Domain } from '@cityops/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { type ParsedImport, parseAssetCsv, parseAssetGeoJson } from './asset-import.js';
import { toAssetFeature } from './asset-feature.js';
import { AssetRegistryRepository } from './asset-registry.repository.js';
import { AssetsRepository } from './assets.repository.js';
import { LatestValuesRepository } from './latest-values.repository.js';

@Injectable()
export class AssetsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AssetsService.name);

  constructor(
    private readonly assets: AssetsRepository,
    private readonly registry: AssetRegistryRepository,
    private readonly latest: LatestValuesRepository,
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Copies the registry to Redis at start, so collectors accept readings after a Redis restart. */
  async onApplicationBootstrap(): Promise<void> {
    const all = await this.assets.list();
    await this.registry.publish(all);
    this.logger.log(`asset registry: ${all.length} assets published`);
  }

  async import(
    body: unknown,
    contentType: string,
    actor: string,
    ip: string | null,
  ): Promise<AssetImportResult> {
    const parsed: ParsedImport =
      typeof body === 'string' && /text\/(csv|plain)/.test(contentType)
        ? parseAssetCsv(body)
        : parseAssetGeoJson(body);
    if (parsed.rows.length > 0) {
      await this.assets.upsert(parsed.rows);
      await this.registry.publish(parsed.rows);
    }
    await this.audit.record({
      actor,
      action: 'assets.imported',
      ip,
      data: { imported: parsed.rows.length, rejected: parsed.rejected.length },
    });
    return { imported: parsed.rows.length, rejected: parsed.rejected };
  }

  async collection(domain?: Domain): Promise<AssetCollection> {
    const assets = await this.assets.listWithOpenSeverity(domain ? { domain } : {});
    const latest = await this.latest.get(assets.map((a) => a.id));
    const now = Date.now();
    return {
      type: 'FeatureCollection',
      features: assets.map((a) =>
        toAssetFeature(a, latest.get(a.id), a.severity, now, this.config.OFFLINE_AFTER_MS),
      ),
    };
  }
}
