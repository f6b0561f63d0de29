import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Incident, JobName, type JobOf, severityRank } from '@cityops/contracts';
import type { JobHandler } from '../../../infra/queue/job-handler.js';
import { IncidentsRepository } from '../../incidents/incidents.repository.js';
import { NotificationsService } from '../notifications.service.js';
import { StormGate } from './storm-gate.js';

/** A digest lists at most this many incidents (the message schema's limit); the rest wait a slot. */
export const DIGEST_MAX_INCIDENTS = 50;

/** Most severe first, then oldest first: what the on-call person should look at first. */
export function digestOrder(incidents: readonly Incident[]): Incident[] {
  return [...incidents].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      Date.parse(a.openedAt) - Date.parse(b.openedAt),
  );
}

/**
 * The digest of one storm key's slot: the held incidents that are still open, in one message
 * (acknowledged or resolved ones are dropped: nobody is paged for what is handled). The delivery id
 * names the listed incidents, so a retried job lists the same ones once, and one that finds more
 * sends those in a second digest rather than losing them.
 */
@Injectable()
export class SendDigestJob implements JobHandler<typeof JobName.SendDigest> {
  readonly jobName = JobName.SendDigest;

  constructor(
    private readonly storm: StormGate,
    private readonly incidents: IncidentsRepository,
    private readonly notifications: NotificationsService,
  ) {}

  async handle(job: JobOf<typeof JobName.SendDigest>): Promise<void> {
    const held = await this.storm.held(job.stormKey);
    const found = held.length ? await this.incidents.findMany(this.incidents.db, held) : [];
    const open = digestOrder(found.filter((i) => i.status === 'open'));
    const listed = open.slice(0, DIGEST_MAX_INCIDENTS);
    if (listed.length) {
      const ids = listed.map((i) => i.id);
      await this.notifications.enqueueNow({
        deliveryId: `digest|${job.stormKey}|${job.slotAt}|${hashOf(ids)}`,
        incidentId: null,
        recipient: job.recipient,
        target: job.target,
        ...(job.locale ? { locale: job.locale } : {}),
        message: { kind: 'digest', incidents: listed, acknowledgeUrl: null },
      });
    }
    const waiting = new Set(open.slice(DIGEST_MAX_INCIDENTS).map((i) => i.id));
    const done = held.filter((id) => !waiting.has(id));
    const next = await this.storm.sent(job.stormKey, job.slotAt, done);
    if (next !== null) await this.notifications.scheduleDigest({ ...job, slotAt: next });
  }
}

function hashOf(ids: readonly string[]): string {
  return createHash('sha256')
    .update([...ids].sort().join(','))
    .digest('hex')
    .slice(0, 16);
}
