import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  LiveEvent,
  type MaintenanceItem,
  type MaintenanceList,
  type MaintenanceListQuery,
  type Reading,
} from '@cityops/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { LivePublisher } from '../../infra/live/live-publisher.js';
import { toAssetFeature } from '../assets/asset-feature.js';
import { AssetsRepository } from '../assets/assets.repository.js';
import { LatestValuesRepository } from '../assets/latest-values.repository.js';
import { AuditRepository } from '../audit/audit.repository.js';
import type { AuthenticatedUser } from '../auth/auth.service.js';
import { assertInScope } from '../auth/district-scope.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import {
  MaintenanceRepository,
  type NewFinding,
  REJECTION_GATE,
} from './maintenance.repository.js';
import { type QualityFinding, type SensorQualityState, inspectReadings } from './quality-checks.js';
import { QualityStateRepository } from './quality-state.repository.js';

/** How often every process looks for sensors with repeated sentinel / out-of-range rejections. */
export const REJECTION_SWEEP_MS = 60_000;

/**
 * The sensor-quality gate. A stuck, spiking or sentinel-sending sensor is marked suspect and gets a
 * maintenance item instead of paging anyone; while it is suspect its threshold incidents are marked
 * suspect too (docs/incidents.md).
 */
@Injectable()
export class QualityService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(QualityService.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;

  constructor(
    private readonly states: QualityStateRepository,
    private readonly maintenance: MaintenanceRepository,
    private readonly incidents: IncidentsService,
    private readonly assets: AssetsRepository,
    private readonly latest: LatestValuesRepository,
    private readonly audit: AuditRepository,
    private readonly live: LivePublisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweepRejections()
        .catch((error: unknown) => this.logger.warn(`rejection sweep failed: ${String(error)}`))
        .finally(() => (this.sweeping = null));
    }, REJECTION_SWEEP_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  /**
   * The fast path's hook: runs the detectors over a batch's readings (registered sensors only), in
   * event time from each sensor's stored state. Findings are recorded before the state is saved, so
   * a retried batch finds them again (and only counts an occurrence more).
   */
  async inspect(readings: readonly Reading[]): Promise<QualityFinding[]> {
    const bySensor = new Map<string, Reading[]>();
    for (const r of readings) {
      const list = bySensor.get(r.sensorId);
      if (list) list.push(r);
      else bySensor.set(r.sensorId, [r]);
    }
    const before = await this.states.load([...bySensor.keys()]);
    const after = new Map<string, SensorQualityState>();
    const found: (QualityFinding & { assetId: string })[] = [];
    for (const [sensorId, list] of bySensor) {
      const { state, findings } = inspectReadings(before.get(sensorId), list);
      after.set(sensorId, state);
      for (const f of findings) found.push({ ...f, assetId: sensorId });
    }
    for (const f of found) {
      await this.flag({
        assetId: f.assetId,
        kind: f.kind,
        metric: f.metric,
        detail: f.detail,
        at: new Date(f.at),
        seenAt: new Date(f.seenAt),
      });
    }
    await this.states.save(after);
    return found;
  }

  /**
   * Sensors whose sentinel or out-of-range rejections (the quarantine) reached REJECTION_GATE in its
   * window become suspect. Runs every REJECTION_SWEEP_MS in every process (idempotent: one open item
   * per sensor); one grouped query. Returns how many sensors were flagged or counted again.
   */
  async sweepRejections(now = new Date()): Promise<number> {
    const offenders = await this.maintenance.rejectionOffenders(now);
    for (const o of offenders) {
      await this.flag({
        assetId: o.assetId,
        kind: 'rejections',
        metric: null,
        detail: `${o.count} ${o.reasons.join(' / ')} rejections within ${REJECTION_GATE.windowMinutes} min`,
        at: o.first,
        seenAt: o.last,
      });
    }
    return offenders.length;
  }

  private async flag(finding: NewFinding): Promise<void> {
    const { item, opened } = await this.maintenance.db.transaction((tx) =>
      this.maintenance.record(tx, finding),
    );
    // Idempotent (only incidents not yet marked change), so a retry after a crash still marks them.
    await this.incidents.markSensorSuspect(item);
    if (!opened) return;
    this.logger.warn(`sensor ${item.assetId} suspect: ${item.detail}`);
    await this.announceAsset(item.assetId);
  }

  async list(query: MaintenanceListQuery): Promise<MaintenanceList> {
    return { items: await this.maintenance.list(query) };
  }

  /** 404 for an item outside a district-limited caller's districts, as for a missing one. */
  async assertInScope(id: string, caller: Pick<AuthenticatedUser, 'districts'>): Promise<void> {
    if (!caller.districts) return;
    const item = await this.maintenance.find(id);
    assertInScope(caller, item?.district, `No maintenance item ${id}`);
  }

  async resolve(
    id: string,
    actor: string,
    note: string,
    ip: string | null,
  ): Promise<MaintenanceItem> {
    const item = await this.maintenance.db.transaction(async (tx) => {
      const before = await this.maintenance.find(id, tx, true);
      if (!before) throw new NotFoundException(`No maintenance item ${id}`);
      if (before.status === 'resolved')
        throw new ConflictException('The maintenance item is already resolved');
      const after = await this.maintenance.resolve(tx, id, actor, note);
      await this.audit.record(
        { actor, action: 'maintenance.resolved', target: id, ip, data: { before, after } },
        tx,
      );
      return after;
    });
    await this.announceAsset(item.assetId);
    return item;
  }

  /** asset.updated with the sensor's status now (suspect or not). */
  private async announceAsset(assetId: string): Promise<void> {
    const [asset] = await this.assets.listWithOpenSeverity({ ids: [assetId] });
    if (!asset) return;
    const latest = await this.latest.get([assetId]);
    this.live.publish(
      LiveEvent.AssetUpdated,
      toAssetFeature(
        asset,
        latest.get(assetId),
        asset.severity,
        Date.now(),
        this.config.OFFLINE_AFTER_MS,
      ),
    );
  }
}
