import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { JobName } from '@cityops/contracts';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { JobQueue } from '../../../infra/queue/job-queue.js';
import { RulesService } from '../../rules/rules.service.js';
import { WatchService } from '../../watch/watch.service.js';
import { cadenceMs, tickJobId, tickTime, ticks } from './tick-cadence.js';

/** How often the scheduler looks for rules whose next tick slot has begun. */
export const SCHEDULER_INTERVAL_MS = 1_000;

/**
 * The tick path's producer, in every API process: each second it enqueues one `evaluate-rule-tick`
 * job per rule whose tick slot has begun. The job id is the rule and the slot (tick-cadence.ts), so
 * all replicas together enqueue each tick once; the workers evaluate it (TickService).
 */
@Injectable()
export class TickScheduler {
  private readonly logger = new Logger(TickScheduler.name);
  /** The last slot this process enqueued per rule (saves a Redis round trip per rule per second). */
  private readonly enqueued = new Map<string, number>();
  private running = false;

  constructor(
    private readonly rules: RulesService,
    private readonly watch: WatchService,
    private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Interval('alert-ticks', SCHEDULER_INTERVAL_MS)
  async onInterval(): Promise<void> {
    if (!this.config.ALERT_TICKS || this.running) return;
    this.running = true;
    try {
      await this.enqueueDue(Date.now());
    } catch (error) {
      this.logger.warn(`could not enqueue ticks: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /** Enqueues the ticks whose slot has begun at wall time `now`; returns how many. */
  async enqueueDue(now: number): Promise<number> {
    const jobs: { payload: { ruleId: string; tickAt: number }; jobId: string }[] = [];
    const slots = new Map<string, number>();
    for (const rule of this.rules.enabled()) {
      if (!ticks(rule)) continue;
      const cadence = cadenceMs(rule, this.watch.cadenceFactor('city', rule, now));
      const tickAt = tickTime(now, cadence);
      if (this.enqueued.get(rule.id) === tickAt) continue;
      jobs.push({ payload: { ruleId: rule.id, tickAt }, jobId: tickJobId(rule.id, tickAt) });
      slots.set(rule.id, tickAt);
    }
    await this.queue.addBulk(JobName.EvaluateRuleTick, jobs);
    for (const [ruleId, tickAt] of slots) this.enqueued.set(ruleId, tickAt);
    return jobs.length;
  }
}
