import { createHash } from 'node:crypto';
import type { ChannelTargetOf } from '@cityops/contracts';
import nodemailer, { type Transporter } from 'nodemailer';
import { plain } from '../message/escape.js';
import type { RenderedMessage } from '../message/render-message.js';
import { DeliveryError } from './delivery-error.js';
import type { NotificationChannel, SendContext } from './notification-channel.js';

export interface SmtpConfig {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. */
  url: string | undefined;
  from: string;
}

/** Connection-level failures worth another try. */
const RETRYABLE_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETLS',
  'EPROTOCOL',
]);

/**
 * Email over SMTP (nodemailer): subject, plain text and simple HTML. The Message-ID derives from
 * the delivery id, so a mail resent after a crash can be recognised as the same one. SMTP 5xx is
 * permanent, 4xx and connection failures are retried.
 */
export class EmailChannel implements NotificationChannel<'email'> {
  readonly kind = 'email';
  private transporter: Transporter | null = null;
  private transporterTimeout = 0;

  constructor(private readonly smtp: SmtpConfig) {}

  async send(
    message: RenderedMessage,
    target: ChannelTargetOf<'email'>,
    context: SendContext,
  ): Promise<void> {
    const transporter = this.transport(context.timeoutMs);
    const digest = createHash('sha256').update(context.deliveryId).digest('hex').slice(0, 32);
    let info: { accepted?: unknown[]; rejected?: unknown[]; response?: string };
    try {
      info = (await transporter.sendMail({
        from: this.smtp.from,
        to: target.address,
        subject: message.email.subject,
        text: message.email.text,
        html: message.email.html,
        messageId: `<${digest}@cityops.notifications>`,
        headers: { 'X-CityOps-Delivery': encodeURIComponent(context.deliveryId) },
      })) as typeof info;
    } catch (error) {
      throw classifySmtpError(error);
    }
    if (info.rejected?.length)
      throw DeliveryError.permanent(
        `recipient rejected: ${plain(String(info.response ?? ''), 200)}`,
      );
  }

  close(): void {
    this.transporter?.close();
    this.transporter = null;
  }

  private transport(timeoutMs: number): Transporter {
    if (!this.smtp.url) throw DeliveryError.permanent('email is not configured (SMTP_URL)');
    if (!this.transporter || this.transporterTimeout !== timeoutMs) {
      this.transporter?.close();
      this.transporter = nodemailer.createTransport(this.smtp.url, {
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
      } as never);
      this.transporterTimeout = timeoutMs;
    }
    return this.transporter;
  }
}

export function classifySmtpError(error: unknown): DeliveryError {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const detail = plain(e.response ?? e.message ?? String(error), 200);
  if (typeof e.responseCode === 'number') {
    const reason = `SMTP ${e.responseCode}: ${detail}`;
    return e.responseCode >= 500
      ? DeliveryError.permanent(reason)
      : DeliveryError.retryable(reason);
  }
  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE' || e.code === 'EAUTH')
    return DeliveryError.permanent(`${e.code}: ${detail}`);
  return DeliveryError.retryable(
    `${e.code && RETRYABLE_CODES.has(e.code) ? `${e.code}: ` : ''}${detail}`,
  );
}
