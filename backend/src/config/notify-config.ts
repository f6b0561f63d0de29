import { z } from 'zod';
import { CHANNEL_KINDS, type ChannelKind } from '@cityops/contracts';
import { url } from './env-fields.js';

/** Messages per target and rate-limit window, per channel kind (NOTIFY_RATE_LIMITS). */
export type RateLimits = Record<ChannelKind, number>;

export const DEFAULT_RATE_LIMITS: RateLimits = {
  wecom: 20,
  dingtalk: 20,
  webhook: 60,
  sms: 5,
  email: 30,
};

/** "wecom:20,dingtalk:20" → limits (kinds not named keep their default). */
export function parseRateLimits(
  text: string,
): { ok: true; limits: RateLimits } | { ok: false; problems: string[] } {
  const limits = { ...DEFAULT_RATE_LIMITS };
  const problems: string[] = [];
  for (const pair of text.split(',').map((p) => p.trim())) {
    if (pair === '') continue;
    const match = /^([a-z]+):(\d{1,6})$/.exec(pair);
    const kind = match?.[1] as ChannelKind | undefined;
    if (!match || !kind || !CHANNEL_KINDS.includes(kind) || Number(match[2]) < 1) {
      problems.push(`"${pair.slice(0, 40)}" is not kind:count (kinds ${CHANNEL_KINDS.join(', ')})`);
      continue;
    }
    limits[kind] = Number(match[2]);
  }
  return problems.length ? { ok: false, problems } : { ok: true, limits };
}

/**
 * Fills {name} placeholders of a JSON template with JSON-escaped values: a placeholder stands
 * inside a JSON string ("text":"{text}"), so quotes or newlines in a value cannot break out of it.
 * Unknown placeholders are left as they are.
 */
export function renderJsonTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? JSON.stringify(values[name]).slice(1, -1) : whole,
  );
}

/** Whether the SMS template is JSON once its placeholders are filled in (checked at boot). */
export function isJsonTemplate(template: string): boolean {
  try {
    JSON.parse(renderJsonTemplate(template, { phone: '+8613800000000', text: 'a "quoted"\ntext' }));
    return true;
  } catch {
    return false;
  }
}

/**
 * Notifications, escalation and acknowledge links (docs/notifications.md#settings); part of the
 * backend's EnvSchema. Each description is the variable's line in docs/configuration.md.
 */
export const notifyEnv = {
  NOTIFY_LOCALE: z.enum(['zh', 'en']).default('zh').describe('language of messages'),
  CONSOLE_BASE_URL: url(['http:', 'https:'])
    .default('http://localhost:8080')
    .describe('the console as recipients reach it: map and acknowledge links in messages'),
  NOTIFY_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(120_000)
    .default(10_000)
    .describe('timeout of one call to a robot, webhook, SMS gateway or SMTP server'),
  NOTIFY_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30)
    .default(10)
    .describe('attempts per delivery (BullMQ, exponential backoff from `NOTIFY_BACKOFF_MS`)'),
  NOTIFY_BACKOFF_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(600_000)
    .default(1_000)
    .describe('first retry delay, doubled each time'),
  NOTIFY_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(256)
    .default(8)
    .describe("deliveries in flight per worker process (the notifications queue's concurrency)"),
  NOTIFY_RATE_LIMITS: z
    .string()
    .max(200)
    .default('wecom:20,dingtalk:20,webhook:60,sms:5,email:30')
    .transform((text, ctx) => {
      const parsed = parseRateLimits(text);
      if (parsed.ok) return parsed.limits;
      for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    })
    .describe(
      `messages per target and window, per channel kind: comma-separated \`kind:count\` (kinds ${CHANNEL_KINDS.map((k) => `\`${k}\``).join(', ')}); a kind not named keeps its default`,
    ),
  NOTIFY_RATE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3_600)
    .default(60)
    .describe('the rate-limit window'),
  NOTIFY_STORM_THRESHOLD: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000)
    .default(5)
    .describe(
      "alert storms: more than this many incidents paged to one recipient's channel for one district and domain within `NOTIFY_STORM_WINDOW_SECONDS`, and the rest go out as a digest; `0`: storm control off",
    ),
  NOTIFY_STORM_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(86_400)
    .default(600)
    .describe('the storm window'),
  NOTIFY_STORM_GATHER_SECONDS: z.coerce
    .number()
    .min(0)
    .max(3_600)
    .default(30)
    .describe("how long a storm's first digest waits to gather what else opens"),
  NOTIFY_STORM_DIGEST_EVERY_SECONDS: z.coerce
    .number()
    .min(0.1)
    .max(86_400)
    .default(300)
    .describe('at most one digest per storm key this often'),
  SMS_GATEWAY_URL: url(['http:', 'https:'])
    .optional()
    .describe('HTTP SMS gateway: `SMS_TEMPLATE` is POSTed here; unset: no SMS'),
  SMS_GATEWAY_AUTH: z
    .string()
    .max(2_000)
    .optional()
    .describe('its `Authorization` header value, e.g. `Bearer …` or `Basic …`'),
  SMS_TEMPLATE: z
    .string()
    .max(4_000)
    .default('{"phone":"{phone}","text":"{text}"}')
    .refine(isJsonTemplate, 'must be JSON once {phone} and {text} are filled in')
    .describe(
      'JSON body; `{phone}`, `{text}`, `{deliveryId}` are filled in, JSON-escaped; it must be JSON once they are',
    ),
  SMTP_URL: url(['smtp:', 'smtps:'])
    .optional()
    .describe('`smtp://user:pass@host:587` or `smtps://user:pass@host:465`; unset: no email'),
  SMTP_FROM: z
    .string()
    .min(3)
    .max(200)
    .default('CityOps <cityops@localhost>')
    .describe('the sender of notification mail'),
  ESCALATION_MINUTE_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(60_000)
    .default(60_000)
    .describe(
      'length of an escalation policy\'s "minute" in ms (tests shorten it; [escalation.md](escalation.md))',
    ),
  ACK_LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 86_400)
    .default(86_400)
    .describe('how long an acknowledge link in a message works (60 s to 30 days)'),
};
