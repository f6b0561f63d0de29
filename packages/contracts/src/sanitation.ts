import { z } from 'zod';
import { DistrictCodeSchema, findDistrict } from './districts.js';
import { TimestampSchema } from './time.js';

export const CASE_CATEGORIES = [
  'garbage_pile',
  'dirty_street',
  'toilet',
  'snow_ice',
  'standing_water',
  'other',
] as const;
export const CaseCategorySchema = z.enum(CASE_CATEGORIES);
export type CaseCategory = z.infer<typeof CaseCategorySchema>;

export const CASE_STATUSES = ['open', 'in_progress', 'closed'] as const;
export const CaseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatusSchema>;

export const CASE_SOURCES = ['hotline', 'inspector'] as const;
export const CaseSourceSchema = z.enum(CASE_SOURCES);

/** Case ids: letters, digits, dash, underscore, dot (the reference format: SC-20261126-0001). */
export const CaseIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'id may hold letters, digits, "-", "_" and "."');

/**
 * A sanitation case as a source sends it (HTTP pull body item or CSV drop row). Times are ISO 8601
 * with offset or epoch ms; a missing district is derived from the location, and a location outside
 * Tianjin is refused.
 */
export const RawCaseSchema = z
  .object({
    id: CaseIdSchema,
    category: CaseCategorySchema,
    source: CaseSourceSchema,
    status: CaseStatusSchema,
    reportedAt: TimestampSchema,
    updatedAt: TimestampSchema,
    dueAt: TimestampSchema,
    lng: z.coerce.number().refine(Number.isFinite, 'lng must be a finite number'),
    lat: z.coerce.number().refine(Number.isFinite, 'lat must be a finite number'),
    district: z
      .union([DistrictCodeSchema, z.literal('')])
      .nullish()
      .transform((v) => (v ? v : null)),
    description: z.string().max(2000).default(''),
  })
  .superRefine((c, ctx) => {
    if (c.updatedAt < c.reportedAt)
      ctx.addIssue({
        code: 'custom',
        path: ['updatedAt'],
        message: 'updatedAt is before reportedAt',
      });
    if (c.dueAt < c.reportedAt)
      ctx.addIssue({ code: 'custom', path: ['dueAt'], message: 'dueAt is before reportedAt' });
    if (findDistrict(c.lng, c.lat) === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['lng'],
        message: `(${c.lng}, ${c.lat}) is outside Tianjin`,
      });
    }
  })
  .transform((c) => ({ ...c, district: c.district ?? findDistrict(c.lng, c.lat)! }));

/** A validated case: epoch-ms times, a district always set. This travels on the cases queue. */
export const SanitationCaseSchema = z.object({
  id: CaseIdSchema,
  category: CaseCategorySchema,
  source: CaseSourceSchema,
  status: CaseStatusSchema,
  reportedAt: z.number().int(),
  updatedAt: z.number().int(),
  dueAt: z.number().int(),
  lng: z.number(),
  lat: z.number(),
  district: DistrictCodeSchema,
  description: z.string().max(2000),
});
export type SanitationCase = z.infer<typeof SanitationCaseSchema>;

/** Sanitation case system: GET {base}/cases?updatedSince={iso}&limit={n}. Items are checked one by one. */
export const SanitationCasesPageSchema = z.object({
  cases: z.array(z.unknown()).max(10_000),
  next: z.string().max(512).nullable().optional(),
});

/** The CSV drop folder's header (SANITATION_DROP_DIR), exactly these names in any order. */
export const CASE_CSV_HEADER = [
  'id',
  'category',
  'source',
  'status',
  'reportedAt',
  'updatedAt',
  'dueAt',
  'lng',
  'lat',
  'district',
  'description',
] as const;

/** GET /api/cases answers {items: CaseDto[], next}; times are ISO, `overdue` is computed at answer time. */
export const CaseDtoSchema = z.object({
  id: z.string(),
  category: CaseCategorySchema,
  source: CaseSourceSchema,
  status: CaseStatusSchema,
  reportedAt: z.string(),
  updatedAt: z.string(),
  dueAt: z.string(),
  closedAt: z.string().nullable(),
  district: z.string(),
  location: z.tuple([z.number(), z.number()]),
  description: z.string(),
  /** Past its due time and not closed (or closed after it). */
  overdue: z.boolean(),
});
export type CaseDto = z.infer<typeof CaseDtoSchema>;

export function isOverdue(
  c: { status: CaseStatus; dueAt: number; closedAt: number | null },
  now: number,
): boolean {
  return c.status === 'closed' ? c.closedAt !== null && c.closedAt > c.dueAt : now > c.dueAt;
}
