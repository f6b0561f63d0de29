import { Module } from '@nestjs/common';
import { IncidentsRepository } from '../incidents/incidents.repository.js';
import { ChannelRegistry } from './channels/channel-registry.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DeliverNotificationJob } from './jobs/deliver-notification.job.js';
import { NotificationsService } from './notifications.service.js';
import { NotificationRateLimiter } from './rate-limiter.js';
import { SendDigestJob } from './storm/send-digest.job.js';
import { StormGate } from './storm/storm-gate.js';

/**
 * The channel layer (docs/notifications.md): renders a message, puts it on one channel for one
 * recipient, and records the outcome. On-call routing and escalation decide who and when, and
 * enqueue deliveries through NotificationsService.enqueue.
 */
@Module({
  providers: [
    NotificationsService,
    DeliveriesRepository,
    // Timeline entries are written in the delivery's own transaction.
    IncidentsRepository,
    ChannelRegistry,
    NotificationRateLimiter,
    DeliverNotificationJob,
    StormGate,
    SendDigestJob,
  ],
  exports: [NotificationsService, DeliverNotificationJob, SendDigestJob],
})
export class NotificationsModule {}
