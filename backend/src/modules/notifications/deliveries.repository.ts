import { Inject, Injectable } from '@nestjs/common';
import type { ChannelKind } from '@cityops/contracts';
import { DATABASE, type Database, type Queryable } from '../../infra/database/database.js';
import { EVENTS_FROM_JSON, type NewEvent, eventsJson } from '../incidents/incidents.repository.js';

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface DeliveryRow {
  delivery_id: string;
  incident_id: string | null;
  recipient: string;
  channel: ChannelKind;
  target_key: string;
  status: DeliveryStatus;
  lease_until: Date | string | null;
  attempts: number;
  deferrals: number;
  last_error: string | null;
  retry_noted: boolean;
  created_at: Date | string;
  updated_at: Date | string;
  sent_at: Date | string | null;
}

export interface NewDelivery {
  deliveryId: string;
  incidentId: string | null;
  recipient: string;
  channel: ChannelKind;
  targetKey: string;
}

/** Outcome of claiming a delivery for one send. */
export type Claim =
  | { claimed: true; row: DeliveryRow }
  | { claimed: false; row: DeliveryRow; leaseUntil: number | null };

/** The notification_deliveries table: what was sent, what failed, who is sending right now. */
@Injectable()
export class DeliveriesRepository {
  constructor(@Inject(DATABASE) readonly db: Database) {}

  async find(deliveryId: string, tx: Queryable = this.db): Promise<DeliveryRow | null> {
    const [row] = await tx.query<DeliveryRow>(
      'SELECT * FROM notification_deliveries WHERE delivery_id = $1',
      [deliveryId],
    );
    return row ?? null;
  }

  async forIncident(incidentId: string): Promise<DeliveryRow[]> {
    return this.db.query<DeliveryRow>(
      'SELECT * FROM notification_deliveries WHERE incident_id = $1 ORDER BY created_at, delivery_id',
      [incidentId],
    );
  }

  /**
   * Creates the delivery's row when it is new and takes the lease for one send, in one statement:
   * only a new or pending delivery, or one whose previous sender's lease has run out (it died
   * mid-send), is claimed; attempts counts the sends started. Null when the delivery's incident does
   * not exist (its row cannot either: the foreign key).
   */
  async claim(delivery: NewDelivery, leaseMs: number): Promise<Claim | null> {
    const [row] = await this.db.query<DeliveryRow>(
      `INSERT INTO notification_deliveries AS d
              (delivery_id, incident_id, recipient, channel, target_key, status, lease_until, attempts)
       SELECT $1, $2::uuid, $3, $4, $5, 'sending', now() + ($6 * interval '1 millisecond'), 1
        WHERE $2::uuid IS NULL OR EXISTS (SELECT 1 FROM incidents WHERE id = $2::uuid)
       ON CONFLICT (delivery_id) DO UPDATE
          SET status = 'sending', lease_until = EXCLUDED.lease_until, attempts = d.attempts + 1,
              updated_at = now()
        WHERE d.status = 'pending'
           OR (d.status = 'sending' AND (d.lease_until IS NULL OR d.lease_until < now()))
       RETURNING *`,
      [
        delivery.deliveryId,
        delivery.incidentId,
        delivery.recipient,
        delivery.channel,
        delivery.targetKey,
        leaseMs,
      ],
    );
    if (row) return { claimed: true, row };
    const current = await this.find(delivery.deliveryId);
    if (!current) return null;
    return {
      claimed: false,
      row: current,
      leaseUntil: current.lease_until === null ? null : new Date(current.lease_until).getTime(),
    };
  }

  /** Gives a lease back before anything was sent (rate-limited): pending, the attempt uncounted. */
  async unclaim(deliveryId: string): Promise<void> {
    await this.db.query(
      `UPDATE notification_deliveries
          SET status = 'pending', lease_until = NULL, attempts = attempts - 1, updated_at = now()
        WHERE delivery_id = $1 AND status = 'sending'`,
      [deliveryId],
    );
  }

  /** Counts a deferral (rate limit); returns the new count. */
  async deferred(deliveryId: string, reason: string | null): Promise<number> {
    const [row] = await this.db.query<{ deferrals: number }>(
      `UPDATE notification_deliveries
          SET deferrals = deferrals + 1, last_error = COALESCE($2, last_error), updated_at = now()
        WHERE delivery_id = $1 RETURNING deferrals`,
      [deliveryId, reason],
    );
    return row?.deferrals ?? 0;
  }

  /** Back to pending (released lease), as after a failed try that will be retried or deferred. */
  async release(tx: Queryable, deliveryId: string, error: string | null): Promise<DeliveryRow> {
    const [row] = await tx.query<DeliveryRow>(
      `UPDATE notification_deliveries
          SET status = 'pending', lease_until = NULL, last_error = COALESCE($2, last_error), updated_at = now()
        WHERE delivery_id = $1 AND status <> 'sent' AND status <> 'failed' RETURNING *`,
      [deliveryId, error],
    );
    return row!;
  }

  /** Marks the first retry as written to the timeline; true only for the call that did it. */
  async noteRetry(tx: Queryable, deliveryId: string): Promise<boolean> {
    const rows = await tx.query(
      `UPDATE notification_deliveries SET retry_noted = true
        WHERE delivery_id = $1 AND NOT retry_noted RETURNING delivery_id`,
      [deliveryId],
    );
    return rows.length === 1;
  }

  /**
   * Final: sent, with the delivery's timeline events, in one statement (so one transaction); the
   * events only when this call made the row final. True for that call.
   */
  async markSent(deliveryId: string, events: readonly NewEvent[]): Promise<boolean> {
    const [row] = await this.db.query<{ sent: boolean }>(
      `WITH sent AS (
         UPDATE notification_deliveries
            SET status = 'sent', lease_until = NULL, sent_at = now(), updated_at = now()
          WHERE delivery_id = $1 AND status <> 'sent' AND status <> 'failed'
          RETURNING delivery_id
       ), recorded AS (
         INSERT INTO incident_events (incident_id, at, type, actor, message, data)
         ${EVENTS_FROM_JSON('$2')}
          WHERE EXISTS (SELECT 1 FROM sent)
       )
       SELECT EXISTS (SELECT 1 FROM sent) AS sent`,
      [deliveryId, eventsJson(events)],
    );
    return row?.sent ?? false;
  }

  /** Final: failed with the reason. Returns the row only for the call that made it final. */
  async markFailed(tx: Queryable, deliveryId: string, reason: string): Promise<DeliveryRow | null> {
    const [row] = await tx.query<DeliveryRow>(
      `UPDATE notification_deliveries
          SET status = 'failed', lease_until = NULL, last_error = $2, updated_at = now()
        WHERE delivery_id = $1 AND status <> 'sent' AND status <> 'failed' RETURNING *`,
      [deliveryId, reason],
    );
    return row ?? null;
  }
}
