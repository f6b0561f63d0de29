import { Injectable } from '@nestjs/common';
import { JobName, type JobOf } from '@cityops/contracts';
import type { JobContext, JobHandler } from '../../../infra/queue/job-handler.js';
import { NotificationsService } from '../notifications.service.js';

@Injectable()
export class DeliverNotificationJob implements JobHandler<typeof JobName.DeliverNotification> {
  readonly jobName = JobName.DeliverNotification;

  constructor(private readonly notifications: NotificationsService) {}

  async handle(job: JobOf<typeof JobName.DeliverNotification>, context: JobContext): Promise<void> {
    await this.notifications.deliver(job, context);
  }
}
