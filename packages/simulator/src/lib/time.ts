const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** ISO 8601 in Tianjin local time with an explicit +08:00 offset, as the city's systems send it. */
export function toShanghaiIso(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

/** Hour of the day in Tianjin, fractional (0 <= h < 24). */
export function shanghaiHourOfDay(epochMs: number): number {
  const msOfDay = (((epochMs + SHANGHAI_OFFSET_MS) % 86_400_000) + 86_400_000) % 86_400_000;
  return msOfDay / 3_600_000;
}

export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
