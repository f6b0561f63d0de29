import {
  MAX_OVERRIDE_DAYS,
  ScheduleOverrideSchema,
  type ScheduleOverride,
} from '@cityops/contracts';
import { localInputToIso } from '../admin/localInputToIso';
import type { TranslateFn } from '../i18n/TranslateFn';
import { formatDateTime } from '../i18n/formatDateTime';

export interface NewOverrideDraft {
  memberId: string;
  /** Wall-clock `YYYY-MM-DDTHH:mm` in the display zone. */
  from: string;
  to: string;
  reason: string;
}

export type NewOverrideErrors = Partial<Record<'memberId' | 'from' | 'to' | 'reason', string>>;

/**
 * Checks the add-override form before the schedule is sent back (the backend checks again, with
 * the same rules): a member of the team, a window that ends after it starts, lasts at most 31 days
 * and overlaps none of the schedule's overrides, a reason. Times are read in the display zone.
 */
export function validateNewOverride(
  draft: NewOverrideDraft,
  {
    t,
    timeZone,
    memberIds,
    existing,
  }: {
    t: TranslateFn;
    timeZone: string;
    memberIds: readonly string[];
    existing: readonly ScheduleOverride[];
  },
): { errors: NewOverrideErrors; request: ScheduleOverride | null } {
  const errors: NewOverrideErrors = {};
  if (!draft.memberId) errors.memberId = t('validation.oncall.memberRequired');
  else if (!memberIds.includes(draft.memberId))
    errors.memberId = t('validation.oncall.memberNotInTeam');

  const from = localInputToIso(draft.from, timeZone);
  const to = localInputToIso(draft.to, timeZone);
  if (!from) errors.from = t('validation.oncall.timeInvalid');
  if (!to) errors.to = t('validation.oncall.timeInvalid');
  else if (from) {
    const [start, end] = [Date.parse(from), Date.parse(to)];
    const clash = existing.find((o) => Date.parse(o.from) < end && start < Date.parse(o.to));
    if (end <= start) errors.to = t('validation.oncall.endBeforeStart');
    else if (end - start > MAX_OVERRIDE_DAYS * 86_400_000)
      errors.to = t('validation.oncall.tooLong', { days: MAX_OVERRIDE_DAYS });
    else if (clash)
      errors.to = t('validation.oncall.overlaps', {
        member: clash.memberId,
        from: formatDateTime(clash.from, 'short', timeZone),
        to: formatDateTime(clash.to, 'short', timeZone),
      });
  }

  const reason = draft.reason.trim();
  if (!reason) errors.reason = t('validation.oncall.reasonRequired');
  else if (reason.length > 500) errors.reason = t('validation.oncall.reasonTooLong');
  if (Object.keys(errors).length > 0 || !from || !to) return { errors, request: null };

  const parsed = ScheduleOverrideSchema.safeParse({ memberId: draft.memberId, from, to, reason });
  // The contract is the last word (control characters in the reason, say).
  if (!parsed.success)
    return { errors: { reason: parsed.error.issues[0]?.message }, request: null };
  return { errors, request: parsed.data };
}
