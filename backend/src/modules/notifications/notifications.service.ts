import { Inject, Injectable, Logger } from '@nestjs/common';
import { type DeliverNotificationJob, JobName, type SendDigestJob } from '@cityops/contracts';
import { UnrecoverableError } from 'bullmq';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { DeferJob, type JobContext } from '../../infra/queue/job-handler.js';
import { JobQueue } from '../../infra/queue/job-queue.js';
import { IncidentsRepository, type NewEvent } from '../incidents/incidents.repository.js';
import { ChannelRegistry } from './channels/channel-registry.js';
import { DeliveryError } from './channels/delivery-error.js';
import { DeliveriesRepository, type DeliveryRow } from './deliveries.repository.js';
import { renderMessage } from './message/render-message.js';
import { NotificationRateLimiter, targetKeyOf } from './rate-limiter.js';
import { StormGate, stormKeyOf } from './storm/storm-gate.js';

/** A delivery rate-limited this many times in a row gives up (at 60 s windows: over an hour). */
export const MAX_DEFERRALS = 100;

export type DeliveryOutcome = 'sent' | 'duplicate' | 'failed';

/** held: an alert storm holds the message for the digest due at digestAt (epoch ms). */
export type EnqueueOutcome = { held: false } | { held: true; digestAt: number };

/**
 * Puts one message on one channel for one recipient, at most once where it can (docs/notifications.md):
 * the deliveries row says whether it went out already, a lease keeps two workers apart, the rate
 * limiter paces each target, and the incident's timeline records sent, retrying and failed.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly incidents: IncidentsRepository,
    private readonly channels: ChannelRegistry,
    private readonly limiter: NotificationRateLimiter,
    private readonly queue: JobQueue,
    private readonly storm: StormGate,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Enqueues a delivery (job id = deliveryId: enqueuing the same one twice sends it once), unless an
   * alert storm holds it for the digest of its recipient, district and domain.
   */
  async enqueue(job: DeliverNotificationJob): Promise<EnqueueOutcome> {
    const stormKey = this.storm.enabled ? stormKeyOf(job) : null;
    if (stormKey !== null && job.incidentId !== null) {
      const decision = await this.storm.admit(stormKey, job.incidentId);
      if (decision.held) {
        await this.scheduleDigest({
          stormKey,
          slotAt: decision.slotAt,
          recipient: job.recipient,
          target: job.target,
          ...(job.locale ? { locale: job.locale } : {}),
        });
        return { held: true, digestAt: decision.slotAt };
      }
    }
    await this.enqueueNow(job);
    return { held: false };
  }

  /** Enqueues a delivery as it is (a digest, or a message that bypasses storm control). */
  async enqueueNow(job: DeliverNotificationJob): Promise<void> {
    await this.queue.add(JobName.DeliverNotification, job, job.deliveryId, {
      attempts: this.config.NOTIFY_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.NOTIFY_BACKOFF_MS },
    });
  }

  /** The digest job of a storm slot (job id digest|stormKey|slotAt: added again, it is one job). */
  async scheduleDigest(job: SendDigestJob): Promise<void> {
    await this.queue.add(JobName.SendDigest, job, `digest|${job.stormKey}|${job.slotAt}`, {
      delay: Math.max(0, job.slotAt - Date.now()),
    });
  }

  /** The delivery job. Throws to retry (Error), defer (DeferJob) or stop (UnrecoverableError). */
  async deliver(job: DeliverNotificationJob, context: JobContext): Promise<DeliveryOutcome> {
    const targetKey = targetKeyOf(job.target);
    const leaseMs = this.config.NOTIFY_TIMEOUT_MS * 3 + 5_000;
    const claim = await this.deliveries.claim(
      {
        deliveryId: job.deliveryId,
        incidentId: job.incidentId,
        recipient: job.recipient,
        channel: job.target.kind,
        targetKey,
      },
      leaseMs,
    );
    if (!claim) throw new UnrecoverableError(`no incident ${job.incidentId}`);
    if (!claim.claimed) {
      if (claim.row.status === 'sent' || claim.row.status === 'failed') {
        this.logger.debug(`delivery ${job.deliveryId} is already ${claim.row.status}`);
        return claim.row.status === 'sent' ? 'duplicate' : 'failed';
      }
      // Another worker is sending it right now: look again when its lease ends.
      throw new DeferJob(claim.leaseUntil ?? Date.now() + leaseMs, 'being sent by another worker');
    }

    const pace = await this.limiter.take(targetKey, job.target.kind);
    if (!pace.ok) {
      await this.deliveries.unclaim(job.deliveryId);
      return this.defer(job, pace.retryAt, pace.reason);
    }

    const message = renderMessage(job.message, {
      locale: job.locale ?? this.config.NOTIFY_LOCALE,
      consoleBaseUrl: this.config.CONSOLE_BASE_URL,
      deliveryId: job.deliveryId,
      recipient: job.recipient,
    });
    try {
      await this.channels.send(message, job.target, {
        deliveryId: job.deliveryId,
        timeoutMs: this.config.NOTIFY_TIMEOUT_MS,
      });
    } catch (error) {
      const failure =
        error instanceof DeliveryError
          ? error
          : DeliveryError.retryable(error instanceof Error ? error.message : String(error));
      return this.failed(job, claim.row, failure, context, targetKey);
    }
    // Recorded before the job completes: a worker killed after this never sends it again.
    await this.deliveries.markSent(job.deliveryId, this.notifiedEvents(job, claim.row));
    return 'sent';
  }

  /**
   * The notified events of a delivery about to be marked sent, from its claimed row (attempts and
   * last error do not change while the lease is held). A digest is on the timeline of every
   * incident it listed.
   */
  private notifiedEvents(job: DeliverNotificationJob, claimed: DeliveryRow): NewEvent[] {
    const attempt = claimed.attempts > 1 ? ` (attempt ${claimed.attempts})` : '';
    const listed =
      job.message.kind === 'digest'
        ? job.message.incidents.map((i) => i.id)
        : job.incidentId === null
          ? []
          : [job.incidentId];
    const what = job.message.kind === 'digest' ? `digest (${listed.length} incidents) ` : '';
    return listed.map((incidentId) => ({
      incidentId,
      at: new Date(),
      type: 'notified' as const,
      actor: 'system',
      message: `${what}${job.target.kind} to ${job.recipient}${attempt}`,
      data: this.eventData(job, claimed, claimed.last_error),
    }));
  }

  private async defer(job: DeliverNotificationJob, until: number, reason: string): Promise<never> {
    const deferrals = await this.deliveries.deferred(job.deliveryId, null);
    if (deferrals > MAX_DEFERRALS) {
      await this.fail(job, `${reason}: still limited after ${MAX_DEFERRALS} waits`);
      throw new UnrecoverableError(reason);
    }
    throw new DeferJob(until, reason);
  }

  private async failed(
    job: DeliverNotificationJob,
    row: DeliveryRow,
    error: DeliveryError,
    context: JobContext,
    targetKey: string,
  ): Promise<never> {
    if (error.rateLimited) {
      // Not the message's fault: wait for the receiver's window without using an attempt.
      await this.deliveries.db.transaction((tx) =>
        this.deliveries.release(tx, job.deliveryId, error.reason),
      );
      const until = await this.limiter.block(targetKey, error.retryAfterMs);
      return this.defer(job, until, error.reason);
    }
    const attempts = context.attempts ?? 1;
    const last = context.attemptsMade + 1 >= attempts;
    if (!error.retryable || last) {
      const reason = error.retryable
        ? `${error.reason} (gave up after ${attempts} attempts)`
        : error.reason;
      await this.fail(job, reason);
      throw new UnrecoverableError(reason);
    }
    await this.deliveries.db.transaction(async (tx) => {
      const released = await this.deliveries.release(tx, job.deliveryId, error.reason);
      if (job.incidentId !== null && (await this.deliveries.noteRetry(tx, job.deliveryId)))
        await this.incidents.addEvent(tx, {
          incidentId: job.incidentId,
          at: new Date(),
          type: 'notification_retrying',
          actor: 'system',
          message: `${job.target.kind} to ${job.recipient} failed, retrying: ${error.reason}`,
          data: this.eventData(job, released ?? row, error.reason),
        });
    });
    throw new Error(error.reason);
  }

  /** Final failure: the row and one notification_failed event, in one transaction. */
  private async fail(job: DeliverNotificationJob, reason: string): Promise<void> {
    await this.deliveries.db.transaction(async (tx) => {
      const failed = await this.deliveries.markFailed(tx, job.deliveryId, reason);
      if (failed && job.incidentId !== null)
        await this.incidents.addEvent(tx, {
          incidentId: job.incidentId,
          at: new Date(),
          type: 'notification_failed',
          actor: 'system',
          message: `${job.target.kind} to ${job.recipient} not delivered: ${reason}`,
          data: this.eventData(job, failed, reason),
        });
    });
  }

  private eventData(
    job: DeliverNotificationJob,
    row: DeliveryRow,
    reason: string | null,
  ): Record<string, unknown> {
    return {
      deliveryId: job.deliveryId,
      channel: job.target.kind,
      recipient: job.recipient,
      kind: job.message.kind,
      attempts: row.attempts,
      ...(reason ? { reason } : {}),
    };
  }
}
