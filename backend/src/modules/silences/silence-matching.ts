import type { SilenceState } from '@cityops/contracts';

/** Matchers as stored (validated on the way in by SilenceMatchersSchema). */
export interface Matchers {
  assetId?: string;
  district?: string;
  domain?: string;
  ruleId?: string;
}

/** A silence as the matching logic sees it: epoch-ms window, matchers, reason. */
export interface SilenceWindow {
  id: string;
  matchers: Matchers;
  startsAt: number;
  endsAt: number;
  reason: string;
}

/** What a silence is matched against: the incident's asset, district, domain and rule. */
export interface SilenceTarget {
  assetId: string | null;
  district: string | null;
  domain: string;
  ruleId: string;
}

/** pending before its start, active in [startsAt, endsAt), expired from endsAt on. */
export function silenceState(
  silence: Pick<SilenceWindow, 'startsAt' | 'endsAt'>,
  at: number,
): SilenceState {
  if (at < silence.startsAt) return 'pending';
  return at < silence.endsAt ? 'active' : 'expired';
}

/** Active at event time `at`, and every matcher given equals the target's value. */
export function matchesSilence(silence: SilenceWindow, target: SilenceTarget, at: number): boolean {
  if (silenceState(silence, at) !== 'active') return false;
  const { assetId, district, domain, ruleId } = silence.matchers;
  if (
    assetId === undefined &&
    district === undefined &&
    domain === undefined &&
    ruleId === undefined
  )
    return false; // never a silence of everything (the API refuses one; stored data might not)
  return (
    (assetId === undefined || assetId === target.assetId) &&
    (district === undefined || district === target.district) &&
    (domain === undefined || domain === target.domain) &&
    (ruleId === undefined || ruleId === target.ruleId)
  );
}

/**
 * The silence that covers the target at `at`, or null. Of several overlapping ones, the one that
 * ends last (it says how long the incident stays quiet); ties go to the earlier start, then the id.
 */
export function pickSilence(
  silences: readonly SilenceWindow[],
  target: SilenceTarget,
  at: number,
): SilenceWindow | null {
  let best: SilenceWindow | null = null;
  for (const silence of silences) {
    if (!matchesSilence(silence, target, at)) continue;
    if (
      !best ||
      silence.endsAt > best.endsAt ||
      (silence.endsAt === best.endsAt &&
        (silence.startsAt < best.startsAt ||
          (silence.startsAt === best.startsAt && silence.id < best.id)))
    )
      best = silence;
  }
  return best;
}

/** The timeline note of a silenced transition. */
export function silencedNote(silence: Pick<SilenceWindow, 'id' | 'reason'>): string {
  return `silenced by ${silence.id} (${silence.reason})`;
}
