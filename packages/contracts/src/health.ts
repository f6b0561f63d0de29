import { z } from 'zod';

export const HealthCheckSchema = z.object({
  status: z.enum(['ok', 'error']),
  checks: z.record(
    z.string(),
    z.object({ ok: z.boolean(), detail: z.string().optional(), ms: z.number() }),
  ),
  /**
   * Collector instances seen in the last 30 s, for information: the API stays ready without them
   * (it serves history and actions), so they do not decide `status`.
   */
  collectors: z
    .array(
      z.object({
        instance: z.string(),
        ageMs: z.number(),
        spoolBytes: z.number(),
        sources: z.array(
          z.object({
            name: z.string(),
            lagMs: z.number().nullable(),
            lastError: z.string().nullable(),
          }),
        ),
      }),
    )
    .optional(),
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

/**
 * What each collector instance writes every 10 s to Redis at `redisKeys(prefix).collectorHeartbeat(id)`
 * (30 s TTL); the backend shows them in GET /api/health/ready.
 */
export const CollectorHeartbeatSchema = z.object({
  ts: z.number().int(),
  sources: z.array(
    z.object({
      name: z.string(),
      /** now − event time of the newest accepted reading; null before the first. */
      lagMs: z.number().nullable(),
      lastError: z.string().nullable(),
    }),
  ),
  spoolBytes: z.number().nonnegative(),
});
export type CollectorHeartbeat = z.infer<typeof CollectorHeartbeatSchema>;
