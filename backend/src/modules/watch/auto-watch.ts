import { type Severity, severityRank } from '@cityops/contracts';

/*
 * Automatic rainstorm watch (docs/watch-mode.md), pure and in event time. Each rain gauge's signal
 * (the last level of the rainstorm rule's alert for it) is remembered per scope. An *episode* starts
 * when the first gauge of a scope reaches the trigger level (yellow by default): an automatic watch
 * starts then, unless the scope is already under rainstorm watch (a person's, or the city's). The
 * episode ends when the last gauge falls below the level: the automatic watch is planned to end a
 * cooldown later (2 h by default), and a gauge reaching the level again before that cancels the plan.
 *
 * A person ending an automatic watch ends it for the episode: it is not started again until the
 * signals have fallen below the level and risen again. A signal older than the one remembered for its
 * gauge, or the same transition again, changes nothing (idempotent, order-safe).
 */

/** The last level of one gauge's signal. */
export interface SignalRecord {
  ruleId: string;
  assetId: string;
  /** Null: the alert is clear. */
  severity: Severity | null;
  at: number;
  transitionId: string;
}

export interface AutoWatchView {
  /** The signals remembered for the scope (every gauge and trigger rule). */
  signals: readonly SignalRecord[];
  /** The scope's automatic rainstorm watch that has not ended, with its planned end. */
  auto: { id: string; endsAt: number | null } | null;
  /** Another rainstorm watch on for the scope at the signal's time (a person's, or the city's). */
  coveredBy: string | null;
}

export interface AutoWatchConfig {
  /** The trigger level: this or higher starts a watch. */
  severity: Severity;
  cooldownMs: number;
}

export interface AutoWatchDecision {
  /** Store the signal. False: stale or repeated; nothing else happens either. */
  record: boolean;
  /** End the automatic watch at this time: its cooldown ran out (event time) before this signal. */
  end: { id: string; at: number } | null;
  /** Start an automatic watch at this event time. */
  start: { at: number } | null;
  /** Plan the automatic watch's end (a time) or cancel the plan (null). */
  endsAt: { id: string; value: number | null } | null;
}

const NOTHING: AutoWatchDecision = { record: false, end: null, start: null, endsAt: null };

export function decideAutoWatch(
  view: AutoWatchView,
  signal: SignalRecord,
  config: AutoWatchConfig,
): AutoWatchDecision {
  const same = (s: SignalRecord) => s.ruleId === signal.ruleId && s.assetId === signal.assetId;
  const previous = view.signals.find(same);
  if (previous && (previous.transitionId === signal.transitionId || signal.at < previous.at))
    return NOTHING;

  const hot = (s: SignalRecord) =>
    s.severity !== null && severityRank(s.severity) >= severityRank(config.severity);
  const hotBefore = view.signals.some(hot);
  const hotAfter = hot(signal) || view.signals.some((s) => !same(s) && hot(s));

  let auto = view.auto;
  let end: AutoWatchDecision['end'] = null;
  if (auto && auto.endsAt !== null && auto.endsAt <= signal.at) {
    // The cooldown ran out before this signal (nobody had noticed yet): that watch is over.
    end = { id: auto.id, at: auto.endsAt };
    auto = null;
  }

  if (hotAfter) {
    if (auto) {
      // Back at the level within the cooldown: the watch goes on.
      return {
        record: true,
        end,
        start: null,
        endsAt: auto.endsAt !== null ? { id: auto.id, value: null } : null,
      };
    }
    const episodeStarts = !hotBefore;
    return {
      record: true,
      end,
      start: episodeStarts && view.coveredBy === null ? { at: signal.at } : null,
      endsAt: null,
    };
  }

  if (hotBefore && auto && auto.endsAt === null) {
    // The last gauge fell below the level: the episode ends, the watch a cooldown later.
    return {
      record: true,
      end,
      start: null,
      endsAt: { id: auto.id, value: signal.at + config.cooldownMs },
    };
  }
  return { record: true, end, start: null, endsAt: null };
}
