import { z } from 'zod';

export const HealthCheckSchema = z.object({
  status: z.enum(['ok', 'error']),
  checks: z.record(
    z.string(),
    z.object({ ok: z.boolean(), detail: z.string().optional(), ms: z.number() }),
  ),
});
export type HealthCheck = z.infer<typeof HealthCheckSchema>;

/** Error body of every failed REST call. */
export const ApiErrorSchema = z.object({
  statusCode: z.number(),
  error: z.string(),
  message: z.string(),
  details: z.array(z.string()).optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** GET /api/config (no auth): what the console needs before login. */
export const PublicConfigSchema = z.object({
  /** Set when the city configured MAPBOX_TOKEN; the console then draws with mapbox-gl instead of offline MapLibre. */
  mapboxToken: z.string().min(1).nullable(),
  /** IANA zone for times on screen. */
  timezone: z.string().min(1),
});
export type PublicConfig = z.infer<typeof PublicConfigSchema>;
