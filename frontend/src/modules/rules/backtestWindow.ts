import { BACKTEST_LIMITS, type BacktestRequest, type DistrictCode } from '@cityops/contracts';
import { localInputToIso } from '../admin/localInputToIso';
import { toLocalInput } from '../admin/toLocalInput';
import type { MessageKey } from '../i18n/MessageKey';

const HOUR = 3_600_000;

/** What the backtest form holds: wall-clock times of the display zone, and a district or ''. */
export interface BacktestWindowDraft {
  from: string;
  to: string;
  district: DistrictCode | '';
}

/** A quick pick: the last `hours` up to now (to the minute), in the display zone. */
export function lastHours(
  hours: number,
  now: number,
  timeZone: string,
  district: DistrictCode | '' = '',
): BacktestWindowDraft {
  return {
    from: toLocalInput(now - hours * HOUR, timeZone),
    to: toLocalInput(now, timeZone),
    district,
  };
}

/**
 * The form as a backtest window, or why not: both times given, `to` after `from`, not in the
 * future, at most BACKTEST_LIMITS.maxWindowDays long.
 */
export function backtestWindow(
  draft: BacktestWindowDraft,
  timeZone: string,
  now: number,
): { request: BacktestRequest; error: null } | { request: null; error: MessageKey } {
  const from = localInputToIso(draft.from, timeZone);
  const to = localInputToIso(draft.to, timeZone);
  if (!from || !to) return { request: null, error: 'admin.rules.backtest.badTime' };
  const span = Date.parse(to) - Date.parse(from);
  if (span <= 0) return { request: null, error: 'admin.rules.backtest.toBeforeFrom' };
  if (Date.parse(to) > now) return { request: null, error: 'admin.rules.backtest.future' };
  if (span > BACKTEST_LIMITS.maxWindowDays * 24 * HOUR)
    return { request: null, error: 'admin.rules.backtest.tooLong' };
  return {
    request: { from, to, ...(draft.district ? { district: draft.district } : {}) },
    error: null,
  };
}
