import { groupBy } from '../../infra/group-by.js';
import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobName, type Reading, type JobOf } from '@cityops/contracts';
import { MetricsRegistry } from '../../infra/metrics/metrics-registry.js';
import { SettingsRepository } from '../../infra/database/settings.repository.js';
import { JobQueue } from '../../infra/queue/job-queue.js';
import { AssetRegistryRepository } from '../assets/asset-registry.repository.js';
import { AssetUpdatesPublisher } from '../assets/asset-updates.publisher.js';
import { LatestValuesRepository, mergeLatest } from '../assets/latest-values.repository.js';
import { QualityService } from '../quality/quality.service.js';
import { RulesService } from '../rules/rules.service.js';
import { runThresholdUnderWatch } from '../watch/run-under-watch.js';
import { WatchService } from '../watch/watch.service.js';
import { type AlertState, transitionId } from './alert-state-machine.js';
import { AlertStateRepository, stateKey } from './alert-state.repository.js';

type Transition = JobOf<typeof JobName.ApplyAlertTransition>;

/**
 * The fast path: a collector's freshly written batch goes through the threshold rules of each
 * reading's asset, every reading in event time, and the resulting transitions go to the incidents queue.
 */
@Injectable()
export class AlertingService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AlertingService.name);

  constructor(
    private readonly registry: AssetRegistryRepository,
    private readonly rules: RulesService,
    private readonly states: AlertStateRepository,
    private readonly latest: LatestValuesRepository,
    private readonly queue: JobQueue,
    private readonly metrics: MetricsRegistry,
    private readonly settings: SettingsRepository,
    private readonly quality: QualityService,
    private readonly assetUpdates: AssetUpdatesPublisher,
    private readonly watch: WatchService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const databaseId = await this.settings.getOrInsert('database.id', randomUUID());
    if (await this.states.bindToDatabase(databaseId)) {
      this.logger.warn(
        'Alert state in Redis belonged to another database; dropped it (alerts re-raise from the next readings)',
      );
    }
  }

  async evaluateReadings(readings: readonly Reading[]): Promise<Transition[]> {
    const bySensor = groupBy(readings, (r) => r.sensorId);
    const registry = await this.registry.lookup([...bySensor.keys()]);

    const series = new Map<
      string,
      {
        ruleId: string;
        assetId: string;
        district: string;
        metric: string;
        points: { ts: number; value: number }[];
      }
    >();
    for (const [assetId, sensorReadings] of bySensor) {
      const entry = registry.get(assetId);
      if (!entry) continue; // collectors quarantine unknown sensors; an asset removed meanwhile is skipped
      for (const rule of this.rules.forKind(entry.kind, 'threshold')) {
        const points = sensorReadings
          .filter((r) => typeof r.metrics[rule.metric] === 'number')
          .map((r) => ({ ts: r.ts, value: r.metrics[rule.metric]! }));
        if (points.length)
          series.set(stateKey(rule.id, assetId), {
            ruleId: rule.id,
            assetId,
            district: entry.district,
            metric: rule.metric,
            points,
          });
      }
    }

    const before = await this.states.load([...series.keys()]);
    const after = new Map<string, AlertState>();
    const transitions: Transition[] = [];
    for (const [key, s] of series) {
      const rule = this.rules.find(s.ruleId, 'threshold')!;
      // Watch mode (modules/watch): each reading is judged by the rule in force at its event time in
      // its district, tightened while a watch is on there; with no watch, exactly runAlertSequence.
      const ruleAt = (ts: number) => this.watch.effectiveRule(rule, s.district, ts);
      const { state, transitions: found } = runThresholdUnderWatch(
        before.get(key),
        ruleAt,
        s.points,
      );
      if (state && state !== before.get(key)) after.set(key, state);
      for (const t of found) {
        transitions.push({
          ...t,
          ruleId: s.ruleId,
          assetId: s.assetId,
          metric: s.metric,
          subject: null, // a registered asset: the incident takes name and place from it
          transitionId: transitionId(s.ruleId, s.assetId, t),
        });
      }
    }

    // Sensor-quality gate (modules/quality): findings are recorded before the transitions are
    // enqueued, so the incidents they open already see the sensor suspect.
    await this.quality.inspect(readings.filter((r) => registry.has(r.sensorId)));

    // Enqueue before saving state: after a crash in between, the retry recomputes the same
    // transitions with the same ids, and the queue and the incident store drop the duplicates.
    await this.queue.addBulk(
      JobName.ApplyAlertTransition,
      transitions.map((payload) => ({ payload, jobId: payload.transitionId })),
    );
    await this.states.save(after);
    await this.updateLatest(bySensor);

    this.metrics.readingsEvaluated.inc(readings.length);
    for (const t of transitions) this.metrics.alertTransitions.inc({ kind: t.kind });
    return transitions;
  }

  private async updateLatest(bySensor: Map<string, Reading[]>): Promise<void> {
    const ids = [...bySensor.keys()];
    const current = await this.latest.get(ids);
    const merged = new Map(ids.map((id) => [id, mergeLatest(current.get(id), bySensor.get(id)!)]));
    await this.latest.set(merged);
    this.assetUpdates.changed(ids);
  }
}
