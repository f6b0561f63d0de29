import { Inject, Injectable } from '@nestjs/common';
import type { ChannelKind } from '@cityops/contracts';
import { DATABASE, type Database, type Queryable } from '../../infra/database/database.js';

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

  /** The delivery's row, created pending when it is new. */
  async ensure(delivery: NewDelivery): Promise<DeliveryRow> {
    await this.db.query(
      `INSERT INTO notification_deliveries (delivery_id, incident_id, recipient, channel, target_key)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (delivery_id) DO NOTHING`,
      [
        delivery.deliveryId,
        delivery.incidentId,
        delivery.recipient,
        delivery.channel,
        delivery.targetKey,
      ],
    );
    return (await this.find(delivery.deliveryId))!;
  }

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
   * Takes the lease for one send: only a pending delivery, or one whose previous sender's lease has
   * run out (it died mid-send), is claimed; attempts counts the sends started.
   */
  async claim(deliveryId: string, leaseMs: number): Promise<Claim> {
    const [row] = await this.db.query<DeliveryRow>(
      `UPDATE notification_deliveries
          SET status = 'sending', lease_until = now() + ($2 * interval '1 millisecond'),
              attempts = attempts + 1, updated_at = now()
        WHERE delivery_id = $1
          AND (status = 'pending' OR (status = 'sending' AND (lease_until IS NULL OR lease_until < now())))
        RETURNING *`,
      [deliveryId, leaseMs],
    );
    if (row) return { claimed: true, row };
    const current = (await this.find(deliveryId))!;
    return {
      claimed: false,
      row: current,
      leaseUntil: current.lease_until === null ? null : new Date(current.lease_until).getTime(),
    };
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

  /** Final: sent. Returns the row only for the call that made it final (the timeline writes once). */
  async markSent(tx: Queryable, deliveryId: string): Promise<DeliveryRow | null> {
    const [row] = await tx.query<DeliveryRow>(
      `UPDATE notification_deliveries
          SET status = 'sent', lease_until = NULL, sent_at = now(), updated_at = now()
        WHERE delivery_id = $1 AND status <> 'sent' AND status <> 'failed' RETURNING *`,
      [deliveryId],
    );
    return row ?? null;
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
