import { z } from 'zod';
import { IncidentSchema } from './incidents.js';

/**
 * Notification channels (docs/notifications.md): where one message for one recipient goes.
 * Robots (WeCom, DingTalk) post into a group chat; a webhook posts JSON to any HTTP receiver;
 * SMS goes through the configured HTTP SMS gateway; email through the configured SMTP server.
 */
export const CHANNEL_KINDS = ['wecom', 'dingtalk', 'webhook', 'sms', 'email'] as const;
export const ChannelKindSchema = z.enum(CHANNEL_KINDS);
export type ChannelKind = z.infer<typeof ChannelKindSchema>;

export const NOTIFY_LOCALES = ['zh', 'en'] as const;
export const NotifyLocaleSchema = z.enum(NOTIFY_LOCALES);
export type NotifyLocale = z.infer<typeof NotifyLocaleSchema>;

/** An http(s) URL of bounded length, without credentials in it (a robot's key is in its query). */
export const HttpUrlSchema = z
  .string()
  .trim()
  .max(2_000)
  .url()
  .refine((value) => {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !u.username && !u.password;
  }, 'must be an http or https URL without user:password');

/** A shared secret for signatures: printable ASCII, 8 to 200 characters. */
const SecretSchema = z
  .string()
  .min(8, 'secret must be at least 8 characters')
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'secret must be printable ASCII without spaces');

/** E.164-ish: an optional "+", then 6 to 15 digits, first not 0 when "+" is given. */
export const PhoneSchema = z
  .string()
  .trim()
  .regex(/^(\+[1-9]\d{5,14}|\d{6,15})$/, 'phone must be digits, optionally starting with +');

export const EmailAddressSchema = z.string().trim().max(254).email();

export const WecomTargetSchema = z.strictObject({
  kind: z.literal('wecom'),
  /** The group robot's webhook: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… */
  webhookUrl: HttpUrlSchema,
});
export const DingtalkTargetSchema = z.strictObject({
  kind: z.literal('dingtalk'),
  /** The robot's webhook: https://oapi.dingtalk.com/robot/send?access_token=… */
  webhookUrl: HttpUrlSchema,
  /** Set: signed mode ("加签"), the request carries timestamp and sign in its query. */
  secret: SecretSchema.optional(),
});
export const WebhookTargetSchema = z.strictObject({
  kind: z.literal('webhook'),
  url: HttpUrlSchema,
  /** Key of the X-CityOps-Signature HMAC-SHA256 the receiver checks. */
  secret: SecretSchema,
});
export const SmsTargetSchema = z.strictObject({ kind: z.literal('sms'), phone: PhoneSchema });
export const EmailTargetSchema = z.strictObject({
  kind: z.literal('email'),
  address: EmailAddressSchema,
});

/** One contact: the channel and where on it. */
export const ChannelTargetSchema = z.discriminatedUnion('kind', [
  WecomTargetSchema,
  DingtalkTargetSchema,
  WebhookTargetSchema,
  SmsTargetSchema,
  EmailTargetSchema,
]);
export type ChannelTarget = z.infer<typeof ChannelTargetSchema>;
export type ChannelTargetOf<K extends ChannelKind> = Extract<ChannelTarget, { kind: K }>;

/** What a message says; extend by adding a kind (and its texts in the renderer). */
export const NOTIFICATION_KINDS = [
  'incident_opened',
  'incident_updated',
  'incident_escalated',
  'digest',
] as const;
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

/** The rule behind an incident, as far as a message shows it ("value 45 cm, threshold 30 cm"). */
export const NotificationRuleSchema = z.object({
  name: z.string().max(200),
  /** The threshold of the incident's current severity, in the metric's unit; null when none applies. */
  threshold: z.number().nullable(),
  /** How the value compares with the threshold: "above" (value ≥ threshold) or "below". */
  direction: z.enum(['above', 'below']).nullable().default(null),
});
export type NotificationRule = z.infer<typeof NotificationRuleSchema>;

const IncidentMessageSchema = z.object({
  kind: z.enum(['incident_opened', 'incident_updated', 'incident_escalated']),
  /** The incident as it was when the notification was decided (a snapshot: a retry says the same). */
  incident: IncidentSchema,
  rule: NotificationRuleSchema.nullable().default(null),
  /** Escalation step (0 = first page), shown on escalations. */
  step: z.number().int().min(0).max(100).nullable().default(null),
  /** The link that acknowledges the incident (the console's, or a signed one-click link). */
  acknowledgeUrl: HttpUrlSchema.nullable().default(null),
});

const DigestMessageSchema = z.object({
  kind: z.literal('digest'),
  /** Open incidents to list, most severe first as given. */
  incidents: z.array(IncidentSchema).min(1).max(50),
  acknowledgeUrl: HttpUrlSchema.nullable().default(null),
});

export const NotificationMessageSchema = z.discriminatedUnion('kind', [
  IncidentMessageSchema,
  DigestMessageSchema,
]);
export type NotificationMessage = z.infer<typeof NotificationMessageSchema>;
export type NotificationMessageInput = z.input<typeof NotificationMessageSchema>;

/** A delivery id: incident|step|recipient|channel (deterministic, so a retry or a replica never sends twice). */
export function deliveryIdOf(parts: {
  incidentId: string;
  step: number | string;
  recipient: string;
  channel: ChannelKind;
}): string {
  return [parts.incidentId, String(parts.step), parts.recipient, parts.channel].join('|');
}

/** Job: put one message on one channel for one recipient (job id = deliveryId). */
export const DeliverNotificationJobSchema = z
  .object({
    /** Deterministic: incident|step|recipient|channel (deliveryIdOf). Also the job id. */
    deliveryId: z.string().min(1).max(400),
    /** The incident whose timeline records the delivery; null for a digest about several. */
    incidentId: z.uuid().nullable(),
    /** Who: a username, or a contact's label (a group chat's name). */
    recipient: z.string().trim().min(1).max(100),
    target: ChannelTargetSchema,
    /** Unset: the backend's NOTIFY_LOCALE. */
    locale: NotifyLocaleSchema.optional(),
    message: NotificationMessageSchema,
  })
  .superRefine((job, ctx) => {
    if (job.message.kind !== 'digest' && job.incidentId === null)
      ctx.addIssue({ code: 'custom', path: ['incidentId'], message: 'required for this message' });
    if (job.message.kind !== 'digest' && job.incidentId !== job.message.incident.id)
      ctx.addIssue({
        code: 'custom',
        path: ['incidentId'],
        message: 'must be the message incident id',
      });
  });
export type DeliverNotificationJob = z.infer<typeof DeliverNotificationJobSchema>;

/**
 * Alert storm control: a recipient's channel gets one digest per district and domain instead of a
 * message per incident while many open at once (docs/notifications.md, "Alert storms").
 */
export const SendDigestJobSchema = z.object({
  /** Which storm: recipient, target, district and domain, hashed (see storm-gate.ts). */
  stormKey: z.string().min(1).max(200),
  /** When this digest is due (epoch ms); one digest per storm key and slot. */
  slotAt: z.number().int().nonnegative(),
  recipient: z.string().trim().min(1).max(100),
  target: ChannelTargetSchema,
  locale: NotifyLocaleSchema.optional(),
});
export type SendDigestJob = z.infer<typeof SendDigestJobSchema>;
