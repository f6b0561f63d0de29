import { z } from 'zod';
import { DistrictCodeSchema } from './districts.js';
import { DomainSchema } from './domains.js';
import { commaListOf } from './incidents.js';
import { SensorIdSchema } from './readings.js';
import { RuleIdSchema } from './rules.js';

/**
 * Silences (maintenance windows): while one is active, a matching alert transition is still
 * applied and recorded, but its incident is marked `silenced` and is not paged. Matchers: every
 * one given must match; at least one is required (a silence of the whole city is refused).
 */
export const SilenceMatchersSchema = z
  .strictObject({
    assetId: SensorIdSchema.optional(),
    district: DistrictCodeSchema.optional(),
    domain: DomainSchema.optional(),
    ruleId: RuleIdSchema.optional(),
  })
  .refine(
    (m) => Object.values(m).some((v) => v !== undefined),
    'give at least one matcher: assetId, district, domain or ruleId',
  );
export type SilenceMatchers = z.infer<typeof SilenceMatchersSchema>;

/** The longest silence: a maintenance window, not a way to switch a rule off (disable the rule). */
export const MAX_SILENCE_DAYS = 90;
/** The longest silence an operator (dispatch desk) may create; longer windows are a supervisor's. */
export const MAX_OPERATOR_SILENCE_HOURS = 24;

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** POST /api/silences and PUT /api/silences/:id (the whole silence). */
export const SilenceBodySchema = z
  .strictObject({
    matchers: SilenceMatchersSchema,
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    reason: z
      .string()
      .trim()
      .min(1, 'reason is required')
      .max(500)
      .refine((s) => !CONTROL_CHARACTERS.test(s), 'reason must not contain control characters'),
  })
  .superRefine((body, ctx) => {
    const start = Date.parse(body.startsAt);
    const end = Date.parse(body.endsAt);
    if (end <= start)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' });
    else if (end - start > MAX_SILENCE_DAYS * 86_400_000)
      ctx.addIssue({
        code: 'custom',
        path: ['endsAt'],
        message: `a silence lasts at most ${MAX_SILENCE_DAYS} days`,
      });
  });
export type SilenceBody = z.infer<typeof SilenceBodySchema>;

export const SILENCE_STATES = ['pending', 'active', 'expired'] as const;
export const SilenceStateSchema = z.enum(SILENCE_STATES);
export type SilenceState = z.infer<typeof SilenceStateSchema>;

export const SilenceSchema = z.object({
  id: z.string(),
  matchers: z.object({
    assetId: z.string().optional(),
    district: z.string().optional(),
    domain: DomainSchema.optional(),
    ruleId: z.string().optional(),
  }),
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  /** At answer time: before startsAt, between startsAt and endsAt, or after endsAt. */
  state: SilenceStateSchema,
});
export type Silence = z.infer<typeof SilenceSchema>;

/** GET /api/silences query: a comma-separated list of states (default all), newest start first. */
export const SilenceListQuerySchema = z.strictObject({
  state: commaListOf(SilenceStateSchema).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type SilenceListQuery = z.infer<typeof SilenceListQuerySchema>;

export const SilenceListSchema = z.object({ items: z.array(SilenceSchema) });
export type SilenceList = z.infer<typeof SilenceListSchema>;
