import { z } from 'zod';
import { AssetKindSchema, DomainSchema, domainOfKind } from './domains.js';
import { DistrictCodeSchema, findDistrict } from './districts.js';
import { SensorIdSchema } from './readings.js';
import { SeveritySchema } from './severity.js';

/** Column order of the asset CSV import (POST /api/assets/import, text/csv). */
export const ASSET_CSV_HEADER = [
  'id',
  'domain',
  'kind',
  'name',
  'district',
  'lng',
  'lat',
  'parentId',
] as const;

const coordinate = (min: number, max: number, label: string) =>
  z.coerce
    .number({ error: `${label} must be a number` })
    .refine(Number.isFinite, `${label} must be a finite number`)
    .refine((v) => v >= min && v <= max, `${label} must be within ${min}..${max}`);

/**
 * One asset as imported (a CSV row or a GeoJSON feature's properties plus its coordinates).
 * The district may be left empty: it is then derived from the location. A location outside
 * Tianjin is refused, so is a district that disagrees with the domain/kind pairing.
 */
export const AssetImportRowSchema = z
  .object({
    id: SensorIdSchema,
    domain: DomainSchema,
    kind: AssetKindSchema,
    name: z.string().trim().min(1).max(200),
    district: z
      .union([DistrictCodeSchema, z.literal('')])
      .optional()
      .transform((v) => (v ? v : undefined)),
    lng: coordinate(-180, 180, 'lng'),
    lat: coordinate(-90, 90, 'lat'),
    parentId: z
      .union([SensorIdSchema, z.literal('')])
      .nullish()
      .transform((v) => (v ? v : null)),
  })
  .superRefine((row, ctx) => {
    if (domainOfKind(row.kind) !== row.domain) {
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: `kind ${row.kind} does not belong to domain ${row.domain}`,
      });
    }
    if (row.parentId === row.id) {
      ctx.addIssue({
        code: 'custom',
        path: ['parentId'],
        message: 'an asset cannot be its own parent',
      });
    }
    if (findDistrict(row.lng, row.lat) === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['lng'],
        message: `(${row.lng}, ${row.lat}) is outside Tianjin`,
      });
    }
  })
  .transform((row) => ({ ...row, district: row.district ?? findDistrict(row.lng, row.lat)! }));
export type AssetImportRow = z.infer<typeof AssetImportRowSchema>;

export const AssetImportResultSchema = z.object({
  imported: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
});
export type AssetImportResult = z.infer<typeof AssetImportResultSchema>;

/** What the collectors need to know of an asset to accept and tag its readings. */
export const AssetRegistryEntrySchema = z.object({
  domain: DomainSchema,
  kind: AssetKindSchema,
  district: DistrictCodeSchema,
});
export type AssetRegistryEntry = z.infer<typeof AssetRegistryEntrySchema>;

/** `suspect`: the sensor-quality gate holds the sensor's values untrustworthy (an open maintenance item). */
export const ASSET_STATUSES = ['ok', 'alarm', 'offline', 'unknown', 'suspect'] as const;
export const AssetStatusSchema = z.enum(ASSET_STATUSES);
export type AssetStatus = z.infer<typeof AssetStatusSchema>;

/** GET /api/assets answers a FeatureCollection of these. */
export const AssetFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.object({
    id: z.string(),
    domain: DomainSchema,
    kind: AssetKindSchema,
    name: z.string(),
    district: z.string(),
    parentId: z.string().nullable(),
    status: AssetStatusSchema,
    /** Highest severity among the asset's open incidents, or null. */
    severity: SeveritySchema.nullable(),
    /** Latest value per metric and the time of the latest reading (ISO), when any. */
    latest: z.record(z.string(), z.number()),
    lastSeenAt: z.string().nullable(),
  }),
});
export type AssetFeature = z.infer<typeof AssetFeatureSchema>;

export const AssetCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(AssetFeatureSchema),
});
export type AssetCollection = z.infer<typeof AssetCollectionSchema>;
