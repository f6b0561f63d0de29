import {
  BACKTEST_LIMITS,
  type BacktestIncident,
  type BacktestResult,
  type BacktestTransition,
  type Severity,
  severityCounts,
  severityRank,
} from '@cityops/contracts';
import type { TransitionDraft } from '../../alerting/alert-state-machine.js';

/** What one series produced: its transitions and the peak value of each alert raised. */
export interface SeriesOutcome {
  assetId: string;
  assetName: string | null;
  district: string | null;
  transitions: readonly TransitionDraft[];
  /** Peak value per raised alert, in the order of the raises (missing: from the transitions). */
  peaks: readonly number[];
}

const iso = (ms: number) => new Date(ms).toISOString();

function toTransition(t: TransitionDraft): BacktestTransition {
  return {
    kind: t.kind,
    at: iso(t.at),
    severity: t.severity,
    previousSeverity: t.previousSeverity,
    value: t.value,
    flapping: t.flapping,
  };
}

/**
 * The incidents the transitions would have opened, as the incident store would have kept them: one
 * per raise of a key (`ruleId|assetId`), severity moving inside it, resolved by its clear, still open
 * when the window ends without one. Oldest first; lists capped by BACKTEST_LIMITS.
 */
export function assembleIncidents(
  ruleId: string,
  outcomes: readonly SeriesOutcome[],
  direction: 'above' | 'below' = 'above',
  limits: { maxIncidents: number; maxTransitionsPerIncident: number } = BACKTEST_LIMITS,
): { incidents: BacktestIncident[]; summary: BacktestResult['summary']; truncated: boolean } {
  const more = (a: number, b: number) => (direction === 'below' ? a < b : a > b);
  const all: BacktestIncident[] = [];
  let transitionTotal = 0;
  for (const outcome of outcomes) {
    let open: (BacktestIncident & { peakRank: number }) | null = null;
    let raises = 0;
    const close = () => {
      if (!open) return;
      const { peakRank: _rank, ...incident } = open;
      all.push(incident);
      open = null;
    };
    for (const t of outcome.transitions) {
      transitionTotal++;
      if (t.kind === 'raised') {
        close();
        const severity = t.severity!;
        open = {
          key: `${ruleId}|${outcome.assetId}`,
          assetId: outcome.assetId,
          assetName: outcome.assetName,
          district: outcome.district,
          openedAt: iso(t.at),
          resolvedAt: null,
          openSeverity: severity,
          peakSeverity: severity,
          peakAt: iso(t.at),
          peakValue: outcome.peaks[raises] ?? t.value,
          flapping: t.flapping,
          transitions: [],
          transitionCount: 0,
          peakRank: severityRank(severity),
        };
        raises++;
      }
      if (!open) continue; // a change or clear with nothing raised before it in the window
      const current: BacktestIncident & { peakRank: number } = open;
      current.transitionCount++;
      if (current.transitions.length < limits.maxTransitionsPerIncident)
        current.transitions.push(toTransition(t));
      current.flapping ||= t.flapping;
      if (t.kind === 'changed' && t.severity !== null) {
        const rank = severityRank(t.severity);
        if (rank > current.peakRank) {
          current.peakRank = rank;
          current.peakSeverity = t.severity;
          current.peakAt = iso(t.at);
        }
      }
      if (
        t.kind !== 'cleared' &&
        outcome.peaks[raises - 1] === undefined &&
        more(t.value, current.peakValue)
      )
        current.peakValue = t.value;
      if (t.kind === 'cleared') {
        current.resolvedAt = iso(t.at);
        close();
      }
    }
    close();
  }
  all.sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.key.localeCompare(b.key));
  const byPeakSeverity = severityCounts();
  for (const incident of all) byPeakSeverity[incident.peakSeverity as Severity]++;
  return {
    incidents: all.slice(0, limits.maxIncidents),
    summary: {
      incidents: all.length,
      open: all.filter((i) => i.resolvedAt === null).length,
      transitions: transitionTotal,
      byPeakSeverity,
    },
    truncated: all.length > limits.maxIncidents,
  };
}
