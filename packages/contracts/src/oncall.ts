import { z } from 'zod';
import { DistrictCodeSchema } from './districts.js';
import { AssetKindSchema, DomainSchema } from './domains.js';
import { SeveritySchema } from './severity.js';
import { MAX_EPOCH_MS, MIN_EPOCH_MS } from './time.js';

/**
 * On-call (issue #5, docs/oncall.md): teams of people with contact channels, schedules that say who
 * of a team is on call at any instant (rotations in layers, overrides on top), and routes that pick
 * the team for an incident. Ids are chosen by the admin (slugs), so configuration can be kept as
 * files and applied again.
 */

/** Team, member, schedule and route ids: 2 to 63 lowercase letters, digits or "-". */
export const OncallIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    'id must be 2 to 63 lowercase letters, digits or "-", starting with a letter or digit',
  );

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL_CHARACTERS.test(s), 'must not contain control characters');

/**
 * Channel kinds a member can be reached on. The same literals as the notifications' channel kinds
 * (notifications.ts); kept here until both are merged into one schema there.
 */
export const ONCALL_CHANNEL_KINDS = ['wecom', 'dingtalk', 'webhook', 'sms', 'email'] as const;
export const OncallChannelKindSchema = z.enum(ONCALL_CHANNEL_KINDS);
export type OncallChannelKind = z.infer<typeof OncallChannelKindSchema>;

export const MAX_CONTACT_FIELDS = 8;
/**
 * How to reach a member on one channel: `{kind, ...target}` (e.g. `{kind:"sms", phone:"+86…"}`,
 * `{kind:"wecom", userId:"zhangwei"}`). The target fields are loose for now: short strings, numbers
 * or booleans; the notification adapters validate their own fields when they send.
 */
export const MemberContactSchema = z
  .object({ kind: OncallChannelKindSchema })
  .catchall(z.union([text(500), z.number().finite(), z.boolean()]))
  .refine(
    (c) => Object.keys(c).length <= MAX_CONTACT_FIELDS + 1,
    `a contact has at most ${MAX_CONTACT_FIELDS} fields besides kind`,
  )
  .refine(
    (c) => Object.keys(c).every((k) => /^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(k)),
    'contact field names are letters, digits or "_" (at most 40), starting with a letter',
  );
export type MemberContact = z.infer<typeof MemberContactSchema>;

export const MAX_CONTACTS = 10;
export const MAX_TEAM_MEMBERS = 100;

/** A local wall-clock time, 00:00 to 23:59. */
export const LocalTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, 00:00 to 23:59');

/** ISO weekday: 1 Monday … 7 Sunday. */
export const IsoWeekdaySchema = z.number().int().min(1).max(7);

// ---------------------------------------------------------------------------------------------
// Quiet hours

/** Severities quiet hours may hold: every one but red. Red always goes through. */
export const QUIET_SEVERITIES = ['blue', 'yellow', 'orange'] as const;
export type QuietSeverity = (typeof QUIET_SEVERITIES)[number];
/** What a window holds when it does not say. */
export const DEFAULT_QUIET_SEVERITIES: readonly QuietSeverity[] = ['blue', 'yellow'];
export const MAX_QUIET_WINDOWS = 7;

const isQuietSeverity = (s: string): s is QuietSeverity =>
  (QUIET_SEVERITIES as readonly string[]).includes(s);

/** A refusal here does not stop the window's other checks: every problem is listed at once. */
const QuietSeveritySchema = z
  .string()
  .superRefine((s, ctx) => {
    if (!isQuietSeverity(s))
      ctx.addIssue({
        code: 'custom',
        message:
          s === 'red'
            ? 'red is never held: red pages always go through quiet hours'
            : `must be one of ${QUIET_SEVERITIES.join(', ')} (red is never held)`,
      });
  })
  .transform((s) => s as QuietSeverity);

const quietDay = z
  .number({ error: 'a day is a number, 1 (Monday) to 7 (Sunday)' })
  .int('a day is a number, 1 (Monday) to 7 (Sunday)')
  .min(1, 'a day is a number, 1 (Monday) to 7 (Sunday)')
  .max(7, 'a day is a number, 1 (Monday) to 7 (Sunday)');

/**
 * One window of a member's quiet hours, local time in the team's zone: from `start` to `end` on
 * each of `days` (every day when absent); an `end` before `start` runs overnight and belongs to the
 * day it starts on (Friday 22:00 to 06:00 holds until Saturday 06:00). Pages of `severities` (blue
 * and yellow unless given) are held inside it; red never is.
 */
export const QuietWindowSchema = z
  .strictObject({
    days: z
      .array(quietDay)
      .min(1, 'leave days out for every day')
      .max(7, 'at most 7 days')
      .optional(),
    start: LocalTimeSchema,
    end: LocalTimeSchema,
    severities: z
      .array(QuietSeveritySchema)
      .min(1, 'leave severities out to hold blue and yellow')
      .max(QUIET_SEVERITIES.length, 'at most blue, yellow and orange')
      .default(() => [...DEFAULT_QUIET_SEVERITIES]),
  })
  .superRefine(
    (w, ctx) => {
      // Runs even when a field was refused (every problem is listed at once), so it checks types.
      if (LocalTimeSchema.safeParse(w.start).success && w.start === w.end)
        ctx.addIssue({
          code: 'custom',
          path: ['end'],
          message: 'end must differ from start (an end before start runs overnight)',
        });
      for (const key of ['days', 'severities'] as const) {
        const list: unknown = w[key];
        if (!Array.isArray(list)) continue;
        list.forEach((v: unknown, i) => {
          if ((typeof v === 'number' || typeof v === 'string') && list.indexOf(v) !== i)
            ctx.addIssue({
              code: 'custom',
              path: [key, i],
              message: `duplicate ${key === 'days' ? 'day' : 'severity'} ${v}`,
            });
        });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );
export type QuietWindow = z.infer<typeof QuietWindowSchema>;

const WEEK_MINUTES = 7 * 1440;
const hhmm = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/**
 * A member's quiet hours: at most 7 windows. Together they must leave some time of the week for
 * each severity they hold: quiet hours are hours, not a way out of a rotation.
 */
export const QuietHoursSchema = z
  .array(QuietWindowSchema)
  .max(MAX_QUIET_WINDOWS, `at most ${MAX_QUIET_WINDOWS} quiet-hours windows`)
  .superRefine((windows, ctx) => {
    // Also runs when a window has a refused time or severity: those windows are left out here.
    const valid = windows.filter(
      (w) =>
        LocalTimeSchema.safeParse(w.start).success &&
        LocalTimeSchema.safeParse(w.end).success &&
        w.start !== w.end &&
        (w.days ?? []).every((d) => quietDay.safeParse(d).success),
    );
    for (const severity of QUIET_SEVERITIES) {
      const held = valid.filter((w) => w.severities.includes(severity));
      if (!held.length) continue;
      const covered = new Uint8Array(WEEK_MINUTES);
      for (const w of held) {
        const [start, end] = [hhmm(w.start), hhmm(w.end)];
        const length = end > start ? end - start : end + 1440 - start;
        for (const day of w.days ?? [1, 2, 3, 4, 5, 6, 7])
          for (let m = 0; m < length; m++)
            covered[((day - 1) * 1440 + start + m) % WEEK_MINUTES] = 1;
      }
      if (covered.every((c) => c === 1))
        ctx.addIssue({
          code: 'custom',
          message: `the windows hold ${severity} pages all week long: leave some time when they go through`,
        });
    }
  });

/**
 * A member of a team: a user of the platform (`username`) or an external person (`displayName`
 * without `username`, e.g. a contractor's duty engineer). Member ids are unique across teams: the
 * iCal feed and schedules name a member by id alone.
 */
export const OncallMemberBodySchema = z
  .strictObject({
    id: OncallIdSchema,
    username: text(100).optional(),
    displayName: text(100).optional(),
    contacts: z
      .array(MemberContactSchema)
      .max(MAX_CONTACTS, `at most ${MAX_CONTACTS} contacts`)
      .default([]),
    /** When the member's non-red pages are held (docs/oncall.md); none when absent. */
    quietHours: QuietHoursSchema.default([]),
  })
  .refine((m) => m.username !== undefined || m.displayName !== undefined, {
    message: 'give a username (a user of the platform) or a displayName (an external person)',
    path: ['displayName'],
  });
export type OncallMemberBody = z.infer<typeof OncallMemberBodySchema>;

const teamFields = {
  name: text(100),
  description: text(1000).optional(),
  members: z
    .array(OncallMemberBodySchema)
    .max(MAX_TEAM_MEMBERS, `at most ${MAX_TEAM_MEMBERS} members`)
    .default([]),
};

function uniqueIds(
  items: readonly { id: string }[],
  path: string,
  ctx: z.RefinementCtx,
  what: string,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id))
      ctx.addIssue({
        code: 'custom',
        path: [path, i, 'id'],
        message: `duplicate ${what} id "${item.id}"`,
      });
    seen.add(item.id);
  });
}

/** PUT /api/oncall/teams/:id: the whole team; members missing from the list are removed. */
export const OncallTeamUpdateSchema = z
  .strictObject(teamFields)
  .superRefine((t, ctx) => uniqueIds(t.members, 'members', ctx, 'member'));
export type OncallTeamUpdate = z.infer<typeof OncallTeamUpdateSchema>;

/** POST /api/oncall/teams. */
export const OncallTeamCreateSchema = z
  .strictObject({ id: OncallIdSchema, ...teamFields })
  .superRefine((t, ctx) => uniqueIds(t.members, 'members', ctx, 'member'));
export type OncallTeamCreate = z.infer<typeof OncallTeamCreateSchema>;

export const OncallMemberSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  username: z.string().nullable(),
  /** displayName, or the username when none was given. */
  displayName: z.string(),
  contacts: z.array(MemberContactSchema),
  /** Windows in the team's time zone; [] when the member has none. */
  quietHours: z.array(QuietWindowSchema),
  /** Admins only: the member's calendar feed (path under the API origin, token included). */
  feedUrl: z.string().optional(),
});
export type OncallMember = z.infer<typeof OncallMemberSchema>;

export const OncallTeamSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  members: z.array(OncallMemberSchema),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type OncallTeam = z.infer<typeof OncallTeamSchema>;
export const OncallTeamListSchema = z.object({ items: z.array(OncallTeamSchema) });
export type OncallTeamList = z.infer<typeof OncallTeamListSchema>;

// ---------------------------------------------------------------------------------------------
// Schedules

export const DEFAULT_ONCALL_TIME_ZONE = 'Asia/Shanghai';

/** An IANA time zone the runtime knows, stored in its canonical spelling (asia/shanghai → Asia/Shanghai). */
export const TimeZoneSchema = z
  .string()
  .max(64)
  .transform((zone, ctx) => {
    if (/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(zone)) {
      try {
        return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
      } catch {
        // not a zone: reported below
      }
    }
    ctx.addIssue({
      code: 'custom',
      message: `"${zone.slice(0, 64)}" is not an IANA time zone (e.g. Asia/Shanghai, Europe/Berlin, UTC)`,
    });
    return z.NEVER;
  });

const isoDate = z.iso
  .date('must be a date YYYY-MM-DD')
  .refine((d) => d >= '2000-01-01' && d < '2100-01-01', 'must be between 2000 and 2099');

const instant = z.iso
  .datetime({ offset: true, message: 'must be ISO 8601 with an offset' })
  .refine((s) => {
    const ms = Date.parse(s);
    return ms >= MIN_EPOCH_MS && ms < MAX_EPOCH_MS;
  }, 'must be between 2000 and 2100');

/** Epoch ms of a valid instant, NaN otherwise: cross-field checks skip fields already refused. */
function instantMs(value: string): number {
  return instant.safeParse(value).success ? Date.parse(value) : Number.NaN;
}

export const ROTATION_TYPES = ['daily', 'weekly'] as const;
export const MAX_ROTATION_MEMBERS = 50;

/**
 * A rotation: the shift changes at `handoffTime` local time every day (daily) or every week on
 * `handoffWeekday` (weekly). The first shift starts at the first handoff on or after `startsAt` (a
 * local date) and goes to `members[0]`, the next to `members[1]`, and so on, round and round. A
 * member may appear more than once.
 */
export const RotationSchema = z
  .strictObject({
    type: z.enum(ROTATION_TYPES),
    handoffTime: LocalTimeSchema,
    handoffWeekday: IsoWeekdaySchema.optional(),
    startsAt: isoDate,
    members: z
      .array(OncallIdSchema)
      .min(1, 'a rotation needs at least one member')
      .max(MAX_ROTATION_MEMBERS, `at most ${MAX_ROTATION_MEMBERS} members in a rotation`),
  })
  .superRefine((r, ctx) => {
    if (r.type === 'weekly' && r.handoffWeekday === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['handoffWeekday'],
        message: 'a weekly rotation needs handoffWeekday (1 Monday … 7 Sunday)',
      });
    if (r.type === 'daily' && r.handoffWeekday !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['handoffWeekday'],
        message: 'handoffWeekday is for weekly rotations only',
      });
  });
export type Rotation = z.infer<typeof RotationSchema>;

/**
 * A layer covers only inside these local windows: from `start` to `end` on each of `weekdays` (all
 * days when absent); an `end` at or before `start` ends on the next day (22:00 to 06:00).
 */
export const RestrictionSchema = z
  .strictObject({
    start: LocalTimeSchema,
    end: LocalTimeSchema,
    weekdays: z.array(IsoWeekdaySchema).min(1).max(7).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.start === r.end)
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: 'end must differ from start (leave restrictions out for all day)',
      });
    if (r.weekdays && new Set(r.weekdays).size !== r.weekdays.length)
      ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'duplicate weekday' });
  });
export type Restriction = z.infer<typeof RestrictionSchema>;

export const MAX_LAYERS = 10;
export const MAX_RESTRICTIONS = 14;

export const ScheduleLayerSchema = z.strictObject({
  name: text(100),
  rotation: RotationSchema,
  restrictions: z
    .array(RestrictionSchema)
    .min(1)
    .max(MAX_RESTRICTIONS, `at most ${MAX_RESTRICTIONS} restrictions`)
    .optional(),
});
export type ScheduleLayer = z.infer<typeof ScheduleLayerSchema>;

export const MAX_OVERRIDES = 200;
export const MAX_OVERRIDE_DAYS = 31;

/** Someone else takes the shift from `from` to `to` (e.g. a swap, sick leave). Wins over every layer. */
export const ScheduleOverrideSchema = z
  .strictObject({
    memberId: OncallIdSchema,
    from: instant,
    to: instant,
    reason: text(500),
  })
  .superRefine((o, ctx) => {
    const [from, to] = [instantMs(o.from), instantMs(o.to)];
    if (Number.isNaN(from) || Number.isNaN(to)) return;
    if (!(to > from))
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    else if (to - from > MAX_OVERRIDE_DAYS * 86_400_000)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `an override lasts at most ${MAX_OVERRIDE_DAYS} days`,
      });
  });
export type ScheduleOverride = z.infer<typeof ScheduleOverrideSchema>;

const scheduleFields = {
  teamId: OncallIdSchema,
  name: text(100).optional(),
  timeZone: TimeZoneSchema.default(DEFAULT_ONCALL_TIME_ZONE),
  layers: z
    .array(ScheduleLayerSchema)
    .min(1, 'a schedule needs at least one layer')
    .max(MAX_LAYERS, `at most ${MAX_LAYERS} layers`),
  overrides: z
    .array(ScheduleOverrideSchema)
    .max(MAX_OVERRIDES, `at most ${MAX_OVERRIDES} overrides`)
    .default([]),
};

function checkSchedule(
  s: { layers: ScheduleLayer[]; overrides: ScheduleOverride[] },
  ctx: z.RefinementCtx,
): void {
  const names = new Set<string>();
  s.layers.forEach((layer, i) => {
    if (names.has(layer.name))
      ctx.addIssue({
        code: 'custom',
        path: ['layers', i, 'name'],
        message: `duplicate layer name "${layer.name}"`,
      });
    names.add(layer.name);
  });
  // Overrides may not overlap: at any instant at most one person is put on call by hand.
  const windows = s.overrides
    .map((o, i) => ({ i, from: instantMs(o.from), to: instantMs(o.to) }))
    .filter((w) => w.to > w.from)
    .sort((a, b) => a.from - b.from || a.i - b.i);
  for (let k = 1; k < windows.length; k++) {
    const [prev, cur] = [windows[k - 1]!, windows[k]!];
    if (cur.from < prev.to)
      ctx.addIssue({
        code: 'custom',
        path: ['overrides', Math.max(cur.i, prev.i)],
        message: `overlaps override ${Math.min(cur.i, prev.i)}: overrides may not overlap`,
      });
  }
}

/** PUT /api/oncall/schedules/:id: the whole schedule. */
export const OncallScheduleUpdateSchema = z.strictObject(scheduleFields).superRefine(checkSchedule);
export type OncallScheduleUpdate = z.infer<typeof OncallScheduleUpdateSchema>;

/** POST /api/oncall/schedules. */
export const OncallScheduleCreateSchema = z
  .strictObject({ id: OncallIdSchema, ...scheduleFields })
  .superRefine(checkSchedule);
export type OncallScheduleCreate = z.infer<typeof OncallScheduleCreateSchema>;

export const OncallScheduleSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  name: z.string().nullable(),
  timeZone: z.string(),
  layers: z.array(ScheduleLayerSchema),
  overrides: z.array(ScheduleOverrideSchema),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type OncallSchedule = z.infer<typeof OncallScheduleSchema>;
export const OncallScheduleListSchema = z.object({ items: z.array(OncallScheduleSchema) });
export type OncallScheduleList = z.infer<typeof OncallScheduleListSchema>;

export const OncallScheduleListQuerySchema = z.strictObject({ team: OncallIdSchema.optional() });
export type OncallScheduleListQuery = z.infer<typeof OncallScheduleListQuerySchema>;

// ---------------------------------------------------------------------------------------------
// Who is on call

/** What put a member on call: a layer's rotation (by name) or an override (with its reason). */
export const OncallSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('layer'), layer: z.string() }),
  z.object({ kind: z.literal('override'), reason: z.string() }),
]);
export type OncallSource = z.infer<typeof OncallSourceSchema>;

/** One stretch of one member on call in one schedule, [start, end). */
export const OncallSpanSchema = z.object({
  scheduleId: z.string(),
  memberId: z.string(),
  source: OncallSourceSchema,
  start: z.string(),
  end: z.string(),
});
export type OncallSpan = z.infer<typeof OncallSpanSchema>;

export const MAX_SPAN_QUERY_DAYS = 92;
export const OncallSpansQuerySchema = z
  .strictObject({ from: instant, to: instant })
  .superRefine((q, ctx) => {
    const [from, to] = [instantMs(q.from), instantMs(q.to)];
    if (Number.isNaN(from) || Number.isNaN(to)) return;
    if (!(to > from))
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    else if (to - from > MAX_SPAN_QUERY_DAYS * 86_400_000)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `at most ${MAX_SPAN_QUERY_DAYS} days at once`,
      });
  });
export type OncallSpansQuery = z.infer<typeof OncallSpansQuerySchema>;
export const OncallSpanListSchema = z.object({ items: z.array(OncallSpanSchema) });
export type OncallSpanList = z.infer<typeof OncallSpanListSchema>;

/** The member on call in one schedule at an instant, since when and until when (null: no change within a month). */
export const OncallShiftSchema = z.object({
  scheduleId: z.string(),
  scheduleName: z.string().nullable(),
  member: OncallMemberSchema,
  source: OncallSourceSchema,
  since: z.string(),
  until: z.string().nullable(),
  /**
   * Per severity quiet hours may hold: until when the member's quiet hours hold such a page (ISO),
   * or null when it would go through now. Red is never held, so it has no entry.
   */
  quietUntil: z.object({
    blue: z.string().nullable(),
    yellow: z.string().nullable(),
    orange: z.string().nullable(),
  }),
});
export type OncallShift = z.infer<typeof OncallShiftSchema>;

export const TeamOncallSchema = z.object({
  team: z.object({ id: z.string(), name: z.string() }),
  /** One entry per schedule of the team that has someone on call (primary, secondary…). */
  oncall: z.array(OncallShiftSchema),
});
export type TeamOncall = z.infer<typeof TeamOncallSchema>;

/** GET /api/oncall/now?team=&at=: `at` defaults to now (lets a dispatcher ask about tonight). */
export const OncallNowQuerySchema = z.strictObject({
  team: OncallIdSchema.optional(),
  at: instant.optional(),
});
export type OncallNowQuery = z.infer<typeof OncallNowQuerySchema>;

export const OncallNowSchema = z.object({ at: z.string(), teams: z.array(TeamOncallSchema) });
export type OncallNow = z.infer<typeof OncallNowSchema>;

/** GET /api/oncall/ical/:member.ics?token=: calendar clients cannot send a bearer token. */
export const OncallFeedQuerySchema = z.strictObject({ token: z.string().max(200) });

// ---------------------------------------------------------------------------------------------
// Routes

const matchList = <T extends z.ZodType>(item: T, what: string) =>
  z
    .array(item)
    .min(1, `leave ${what} out to match any`)
    .max(50)
    .refine((xs) => new Set(xs).size === xs.length, `duplicate ${what}`)
    .optional();

/**
 * Which incidents a route takes: every criterion given must match (any of its values); an empty
 * `match` makes the default route, which takes what no other route took.
 */
export const RouteMatchSchema = z.strictObject({
  domains: matchList(DomainSchema, 'domains'),
  districts: matchList(DistrictCodeSchema, 'districts'),
  severities: matchList(SeveritySchema, 'severities'),
  assetKinds: matchList(AssetKindSchema, 'assetKinds'),
});
export type RouteMatch = z.infer<typeof RouteMatchSchema>;

const routeFields = {
  /** Routes are tried by ascending order; each order is used once. */
  order: z.number().int().min(0).max(100_000),
  match: RouteMatchSchema.default({}),
  teamId: OncallIdSchema,
};

/** PUT /api/oncall/routes/:id. */
export const OncallRouteUpdateSchema = z.strictObject(routeFields);
export type OncallRouteUpdate = z.infer<typeof OncallRouteUpdateSchema>;

/** POST /api/oncall/routes. */
export const OncallRouteCreateSchema = z.strictObject({ id: OncallIdSchema, ...routeFields });
export type OncallRouteCreate = z.infer<typeof OncallRouteCreateSchema>;

export const OncallRouteSchema = z.object({
  id: z.string(),
  order: z.number().int(),
  match: RouteMatchSchema,
  /** match is empty: takes every incident no other route took. */
  isDefault: z.boolean(),
  teamId: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type OncallRoute = z.infer<typeof OncallRouteSchema>;
export const OncallRouteListSchema = z.object({ items: z.array(OncallRouteSchema) });
export type OncallRouteList = z.infer<typeof OncallRouteListSchema>;

/** What OncallService.recipientsFor answers: the routed team and who of it is on call. */
export const OncallRecipientsSchema = z.object({
  at: z.string(),
  routeId: z.string().nullable(),
  team: z.object({ id: z.string(), name: z.string() }).nullable(),
  oncall: z.array(OncallShiftSchema),
});
export type OncallRecipients = z.infer<typeof OncallRecipientsSchema>;
