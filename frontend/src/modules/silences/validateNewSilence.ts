import {
  MAX_OPERATOR_SILENCE_HOURS,
  MAX_SILENCE_DAYS,
  RuleIdSchema,
  SensorIdSchema,
  SilenceBodySchema,
  type DistrictCode,
  type Domain,
  type Role,
  type SilenceBody,
} from '@cityops/contracts';
import { localInputToIso } from '../admin/localInputToIso';
import type { TranslateFn } from '../i18n/TranslateFn';

export interface NewSilenceDraft {
  assetId: string;
  /** Empty: any district. */
  district: DistrictCode | '';
  /** Empty: any domain. */
  domain: Domain | '';
  ruleId: string;
  /** Wall-clock `YYYY-MM-DDTHH:mm` in the display zone. */
  startsAt: string;
  endsAt: string;
  reason: string;
}

export type NewSilenceErrors = Partial<
  Record<'matchers' | 'assetId' | 'ruleId' | 'startsAt' | 'endsAt' | 'reason', string>
>;

/**
 * Checks the create-silence form before it is sent (the backend checks again, with the same
 * rules): at least one matcher, valid ids, a window that ends after it starts and lasts at most
 * 90 days (24 h from now for an operator), a reason. Times are read in the display zone.
 */
export function validateNewSilence(
  draft: NewSilenceDraft,
  { t, role, now, timeZone }: { t: TranslateFn; role: Role; now: number; timeZone: string },
): { errors: NewSilenceErrors; request: SilenceBody | null } {
  const errors: NewSilenceErrors = {};
  const assetId = draft.assetId.trim();
  const ruleId = draft.ruleId.trim();
  if (!assetId && !ruleId && !draft.district && !draft.domain)
    errors.matchers = t('validation.silence.matcherRequired');
  if (assetId && !SensorIdSchema.safeParse(assetId).success)
    errors.assetId = t('validation.silence.assetIdInvalid');
  if (ruleId && !RuleIdSchema.safeParse(ruleId).success)
    errors.ruleId = t('validation.silence.ruleIdInvalid');

  const startsAt = localInputToIso(draft.startsAt, timeZone);
  const endsAt = localInputToIso(draft.endsAt, timeZone);
  if (!startsAt) errors.startsAt = t('validation.silence.timeInvalid');
  if (!endsAt) errors.endsAt = t('validation.silence.timeInvalid');
  else if (startsAt) {
    const start = Date.parse(startsAt);
    const end = Date.parse(endsAt);
    if (end <= start) errors.endsAt = t('validation.silence.endBeforeStart');
    else if (end - start > MAX_SILENCE_DAYS * 86_400_000)
      errors.endsAt = t('validation.silence.tooLong', { days: MAX_SILENCE_DAYS });
    else if (
      role === 'operator' &&
      end - Math.max(start, now) > MAX_OPERATOR_SILENCE_HOURS * 3_600_000
    )
      errors.endsAt = t('validation.silence.operatorLimit', { hours: MAX_OPERATOR_SILENCE_HOURS });
  }

  const reason = draft.reason.trim();
  if (!reason) errors.reason = t('validation.silence.reasonRequired');
  else if (reason.length > 500) errors.reason = t('validation.silence.reasonTooLong');
  if (Object.keys(errors).length > 0 || !startsAt || !endsAt) return { errors, request: null };

  const parsed = SilenceBodySchema.safeParse({
    matchers: {
      ...(assetId ? { assetId } : {}),
      ...(draft.district ? { district: draft.district } : {}),
      ...(draft.domain ? { domain: draft.domain } : {}),
      ...(ruleId ? { ruleId } : {}),
    },
    startsAt,
    endsAt,
    reason,
  });
  // The contract is the last word (control characters in the reason, say).
  if (!parsed.success)
    return { errors: { reason: parsed.error.issues[0]?.message }, request: null };
  return { errors, request: parsed.data };
}
