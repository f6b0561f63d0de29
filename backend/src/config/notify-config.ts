import { CHANNEL_KINDS, type ChannelKind } from '@cityops/contracts';

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
