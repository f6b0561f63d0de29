import type { Migration } from './index.js';

/**
 * Issue #5, notifications (docs/notifications.md): one row per delivery (one message, one channel,
 * one recipient), keyed by its deterministic delivery id. The row says whether the message went out,
 * so a retried or duplicated job does not send it again; the lease keeps two workers from sending the
 * same delivery at once. The target is stored as a hash only (robot URLs and phones carry secrets or
 * personal data); the incident's timeline holds the readable history.
 */
export const notificationDeliveries: Migration = {
  id: '007-notification-deliveries',
  sql: `
    CREATE TABLE notification_deliveries (
      delivery_id text PRIMARY KEY,
      incident_id uuid REFERENCES incidents (id),
      recipient text NOT NULL,
      channel text NOT NULL CHECK (channel IN ('wecom', 'dingtalk', 'webhook', 'sms', 'email')),
      target_key text NOT NULL,
      -- pending: not sent yet (or a try failed and will be retried); sending: a worker holds the lease;
      -- sent and failed are final.
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
      lease_until timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      deferrals integer NOT NULL DEFAULT 0,
      last_error text,
      retry_noted boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    );
    CREATE INDEX notification_deliveries_incident ON notification_deliveries (incident_id, created_at);
  `,
};
