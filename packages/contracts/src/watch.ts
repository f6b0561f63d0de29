import { z } from 'zod';
import { DistrictCodeSchema } from './districts.js';

/*
 * Watch mode (docs/watch-mode.md): the city's "dispatch ahead of extreme weather" (极端天气提前调度).
 * A supervisor, or automatically a rainfall signal at yellow or above, puts the city or one district
 * into rainstorm watch or cold-wave watch. While a watch is on, the rules that declare a step for its
 * kind (`watch` in the rule, see rules.ts) tighten by that step in its scope, evaluation runs more
 * often, and the change is written on the timeline of the open incidents it affects.
 */

export const WATCH_KINDS = ['rainstorm', 'cold_wave'] as const;
export const WatchKindSchema = z.enum(WATCH_KINDS, {
  error: () => `kind must be one of ${WATCH_KINDS.join(', ')}`,
});
export type WatchKind = z.infer<typeof WatchKindSchema>;

/** The domains a watch kind concerns: their open incidents in scope get the watch on their timeline. */
export const WATCH_KIND_DOMAINS = {
  rainstorm: ['waterlogging'],
  cold_wave: ['heating'],
} as const satisfies Record<WatchKind, readonly string[]>;

/** The whole city, or one district by its 6-digit code. */
export const WatchScopeSchema = z.union([z.literal('city'), DistrictCodeSchema], {
  error: () => 'scope must be "city" or a Tianjin district code such as 120101',
});
export type WatchScope = z.infer<typeof WatchScopeSchema>;

/** A watch as REST answers and the `watch.changed` live event carry it. */
export const WatchModeSchema = z.object({
  id: z.string(),
  kind: WatchKindSchema,
  scope: WatchScopeSchema,
  /** When the watch began (event time of the signal for an automatic watch). */
  startedAt: z.string(),
  /** Username, or "system" for an automatic watch. */
  startedBy: z.string(),
  reason: z.string(),
  /** Planned end: `until` of a manual watch, or signal clear + cooldown of an automatic one. */
  endsAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  endedBy: z.string().nullable(),
  endNote: z.string().nullable(),
  /** Started by a rainfall signal rather than by a person. */
  auto: z.boolean(),
  /** The incident of the signal that started an automatic watch, when known. */
  triggerIncidentId: z.string().nullable(),
  /** On now: not ended and its planned end (if any) not reached. */
  active: z.boolean(),
});
export type WatchMode = z.infer<typeof WatchModeSchema>;

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !CONTROL_CHARACTERS.test(s), 'must not contain control characters');

/** At most this far ahead may a manual watch be planned to end. */
export const WATCH_MAX_UNTIL_DAYS = 30;

/** POST /api/watch (supervisors and admins). */
export const WatchStartBodySchema = z.strictObject({
  kind: WatchKindSchema,
  scope: WatchScopeSchema,
  reason: text(1, 500),
  /** Planned end (ISO 8601 with offset); the watch ends by itself then. Must be in the future. */
  until: z.iso.datetime({ offset: true }).optional(),
});
export type WatchStartBody = z.infer<typeof WatchStartBodySchema>;

/** POST /api/watch/:id/end */
export const WatchEndBodySchema = z.strictObject({ note: text(0, 2000).optional() });
export type WatchEndBody = z.infer<typeof WatchEndBodySchema>;

/** GET /api/watch: the watches on now, and those ended in the last days (newest first). */
export const WatchListSchema = z.object({
  active: z.array(WatchModeSchema),
  recent: z.array(WatchModeSchema),
});
export type WatchList = z.infer<typeof WatchListSchema>;
