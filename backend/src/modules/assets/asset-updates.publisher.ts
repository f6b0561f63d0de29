import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { LiveEvent } from '@cityops/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { LivePublisher } from '../../infra/live/live-publisher.js';
import { toAssetFeature } from './asset-feature.js';
import { AssetsRepository } from './assets.repository.js';
import { LatestValuesRepository } from './latest-values.repository.js';

/** Changed assets are announced at most this often, each once per flush with its newest state. */
export const ASSET_UPDATE_FLUSH_MS = 1_000;
const CHUNK = 2_000;

/**
 * `asset.updated` live events, coalesced: the fast path and the quality gate mark assets as changed,
 * and every ASSET_UPDATE_FLUSH_MS one event per changed asset goes out with its state read at that
 * moment (latest values, open severity, suspect). A sensor reporting ten times a second costs one
 * event a second, and the evaluation jobs do not wait for the database query or the publishing.
 * Events are a display convenience: pending ones are lost with the process, and the console's next
 * refetch (or the asset's next reading) shows the state.
 */
@Injectable()
export class AssetUpdatesPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(AssetUpdatesPublisher.name);
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly assets: AssetsRepository,
    private readonly latest: LatestValuesRepository,
    private readonly live: LivePublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Marks assets as changed; they are announced within ASSET_UPDATE_FLUSH_MS. */
  changed(ids: Iterable<string>): void {
    for (const id of ids) this.pending.add(id);
    if (this.pending.size > 0 && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush();
      }, ASSET_UPDATE_FLUSH_MS);
    }
  }

  /** Announces every pending asset now (one flush at a time). */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => this.flush());
    if (this.pending.size === 0) return Promise.resolve();
    const ids = [...this.pending];
    this.pending = new Set();
    this.flushing = this.announce(ids)
      .catch((error: Error) => this.logger.warn(`asset updates: ${error.message}`))
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  private async announce(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const [assets, latest] = await Promise.all([
        this.assets.listWithOpenSeverity({ ids: chunk }),
        this.latest.get(chunk),
      ]);
      const now = Date.now();
      for (const asset of assets) {
        this.live.publish(
          LiveEvent.AssetUpdated,
          toAssetFeature(
            asset,
            latest.get(asset.id),
            asset.severity,
            now,
            this.config.OFFLINE_AFTER_MS,
          ),
        );
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }
}
