import { z } from 'zod';
import { OncallIdSchema } from './oncall.js';

/**
 * Escalation (issue #5, docs/escalation.md): who is paged about an incident and when, until someone
 * acknowledges it. A policy is an ordered list of steps; each step waits `afterMinutes` after the
 * previous one (the first: after the incident opened) and notifies its targets; after the last step
 * the whole policy runs again `repeat` more times, `repeatAfterMinutes` after the last step.
 */

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Whom a step notifies. */
export const EscalationTargetSchema = z.discriminatedUnion('kind', [
  /** Everyone on call now in the team the incident routes to (one per schedule). */
  z.strictObject({ kind: z.literal('oncall') }),
  /** Whoever is on call now in one schedule (a backup or secondary rotation). */
  z.strictObject({ kind: z.literal('schedule'), scheduleId: OncallIdSchema }),
  /** One named member (a supervisor, a backup), whether on call or not. */
  z.strictObject({ kind: z.literal('member'), memberId: OncallIdSchema }),
]);
export type EscalationTarget = z.infer<typeof EscalationTargetSchema>;

export const MAX_ESCALATION_STEPS = 10;
export const MAX_ESCALATION_REPEAT = 10;
/** One day: a step that waits longer is a mistake more likely than a policy. */
export const MAX_STEP_MINUTES = 1_440;

export const EscalationStepSchema = z.strictObject({
  /** Minutes after the previous step (the first step: after the incident opened; 0 = at once). */
  afterMinutes: z.number().int().min(0).max(MAX_STEP_MINUTES),
  notify: z.array(EscalationTargetSchema).min(1).max(10),
});
export type EscalationStep = z.infer<typeof EscalationStepSchema>;

const policyFields = {
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .refine((s) => !CONTROL_CHARACTERS.test(s), 'must not contain control characters'),
  steps: z.array(EscalationStepSchema).min(1).max(MAX_ESCALATION_STEPS),
  /** How many more times the whole policy runs after its last step (0 = once in all). */
  repeat: z.number().int().min(0).max(MAX_ESCALATION_REPEAT).default(0),
  /** Minutes from the last step to the first step of the next round. */
  repeatAfterMinutes: z.number().int().min(1).max(MAX_STEP_MINUTES).default(10),
  /** Routes whose incidents this policy escalates (a route is in at most one policy). */
  routeIds: z.array(OncallIdSchema).max(100).default([]),
  /** Teams whose incidents this policy escalates when no policy names the route. */
  teamIds: z.array(OncallIdSchema).max(100).default([]),
  /** The policy for incidents no other policy takes (at most one). */
  isDefault: z.boolean().default(false),
};

function noDuplicates(
  policy: { routeIds: string[]; teamIds: string[] },
  ctx: z.RefinementCtx,
): void {
  for (const key of ['routeIds', 'teamIds'] as const)
    if (new Set(policy[key]).size !== policy[key].length)
      ctx.addIssue({ code: 'custom', path: [key], message: 'must not repeat an id' });
}

export const EscalationPolicyUpdateSchema = z.strictObject(policyFields).superRefine(noDuplicates);
export type EscalationPolicyUpdate = z.infer<typeof EscalationPolicyUpdateSchema>;
export const EscalationPolicyCreateSchema = z
  .strictObject({ id: OncallIdSchema, ...policyFields })
  .superRefine(noDuplicates);
export type EscalationPolicyCreate = z.infer<typeof EscalationPolicyCreateSchema>;

export const EscalationPolicySchema = z.object({
  id: OncallIdSchema,
  ...policyFields,
  createdBy: z.string(),
  createdAt: z.string(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type EscalationPolicy = z.infer<typeof EscalationPolicySchema>;
export interface EscalationPolicyList {
  items: EscalationPolicy[];
}

/** Job: run one escalation step of one incident (job id: escalation|incident|generation|round|step). */
export const EscalationStepJobSchema = z.object({
  incidentId: z.uuid(),
  /** Bumped when the escalation starts over (re-routed on a higher severity, paging after a silence). */
  generation: z.number().int().min(0).max(1_000).default(0),
  /** Round of the policy, 0 first; a policy with repeat K has rounds 0..K. */
  round: z.number().int().min(0).max(MAX_ESCALATION_REPEAT),
  step: z
    .number()
    .int()
    .min(0)
    .max(MAX_ESCALATION_STEPS - 1),
});
export type EscalationStepJob = z.infer<typeof EscalationStepJobSchema>;

/** The acknowledge page's form (POST /ack/<token>): an optional note. */
export const AckFormSchema = z.object({
  note: z
    .string()
    .max(1_000)
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim())),
});
