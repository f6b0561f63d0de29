import { z } from 'zod';
import { commaListOf } from './incidents.js';
import { SensorIdSchema } from './readings.js';

/**
 * The sensor-quality gate: what made a sensor suspect. `stuck`: the same value for many readings
 * over a long time on a metric that normally varies; `spike`: a jump beyond the metric's limit that
 * returns within one reading; `rejections`: repeated sentinel or out-of-range values (quarantine).
 */
export const QUALITY_FINDING_KINDS = ['stuck', 'spike', 'rejections'] as const;
export const QualityFindingKindSchema = z.enum(QUALITY_FINDING_KINDS);
export type QualityFindingKind = z.infer<typeof QualityFindingKindSchema>;

export const MAINTENANCE_STATUSES = ['open', 'resolved'] as const;
export const MaintenanceStatusSchema = z.enum(MAINTENANCE_STATUSES);
export type MaintenanceStatus = z.infer<typeof MaintenanceStatusSchema>;

/**
 * A maintenance item: opened by the quality gate instead of paging. One open item per sensor; a
 * further finding while it is open counts in `occurrences`. While it is open the sensor is
 * `suspect` on the map and its threshold incidents are marked suspect (not paged).
 */
export const MaintenanceItemSchema = z.object({
  id: z.string(),
  assetId: z.string(),
  assetName: z.string().nullable(),
  district: z.string().nullable(),
  kind: QualityFindingKindSchema,
  metric: z.string().nullable(),
  detail: z.string(),
  /** Event time the problem began (first stuck reading, the spike, the first counted rejection). */
  detectedAt: z.string(),
  lastDetectedAt: z.string(),
  occurrences: z.number().int(),
  status: MaintenanceStatusSchema,
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type MaintenanceItem = z.infer<typeof MaintenanceItemSchema>;

/** GET /api/maintenance?status=&assetId=&limit= (newest first). */
export const MaintenanceListQuerySchema = z.strictObject({
  status: commaListOf(MaintenanceStatusSchema).optional(),
  assetId: SensorIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type MaintenanceListQuery = z.infer<typeof MaintenanceListQuerySchema>;

export const MaintenanceListSchema = z.object({ items: z.array(MaintenanceItemSchema) });
export type MaintenanceList = z.infer<typeof MaintenanceListSchema>;

/** POST /api/maintenance/:id/resolve */
export const MaintenanceResolveBodySchema = z.strictObject({
  note: z.string().trim().min(1, 'note is required').max(2000),
});
