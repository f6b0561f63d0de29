import {
  type BacktestIncident,
  type BacktestResult,
  SEVERITIES,
  type Severity,
} from '@cityops/contracts';

/** One stretch of an incident at one severity: a bar on its asset's row. */
export interface TimelineSegment {
  /** Row (asset) index. */
  row: number;
  start: number;
  end: number;
  severity: Severity;
  /** Index of the incident in the result. */
  incident: number;
}

export interface Timeline {
  /** Row labels, one per asset, in order of its first incident. */
  rows: string[];
  /** Segments per severity (the chart's series), least severe first. */
  bySeverity: { severity: Severity; segments: TimelineSegment[] }[];
  from: number;
  to: number;
}

/** Rows drawn at most (the table lists every incident). */
export const MAX_TIMELINE_ROWS = 60;

/**
 * An incident's severity stretches from its transitions: each raise or change starts one at its
 * severity; the incident ends at `resolvedAt`, or at the window's end when still open. Transitions
 * beyond the stored ones (only the first are listed) keep the last known severity.
 */
export function incidentSegments(
  incident: BacktestIncident,
  row: number,
  index: number,
  windowEnd: number,
): TimelineSegment[] {
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : windowEnd;
  const segments: TimelineSegment[] = [];
  let current: { start: number; severity: Severity } = {
    start: Date.parse(incident.openedAt),
    severity: incident.openSeverity,
  };
  for (const transition of incident.transitions) {
    if (transition.kind === 'cleared' || !transition.severity) continue;
    const at = Date.parse(transition.at);
    if (transition.severity === current.severity || at <= current.start) {
      current = { start: current.start, severity: transition.severity };
      continue;
    }
    segments.push({
      row,
      start: current.start,
      end: at,
      severity: current.severity,
      incident: index,
    });
    current = { start: at, severity: transition.severity };
  }
  segments.push({
    row,
    start: current.start,
    end: Math.max(end, current.start),
    severity: current.severity,
    incident: index,
  });
  return segments;
}

/** A backtest result as a timeline per asset (time on x, one row per asset, severity colours). */
export function backtestTimeline(result: BacktestResult, maxRows = MAX_TIMELINE_ROWS): Timeline {
  const from = Date.parse(result.from);
  const to = Date.parse(result.to);
  const rowOf = new Map<string, number>();
  const rows: string[] = [];
  const segments: TimelineSegment[] = [];
  result.incidents.forEach((incident, index) => {
    let row = rowOf.get(incident.assetId);
    if (row === undefined) {
      if (rows.length >= maxRows) return;
      row = rows.length;
      rowOf.set(incident.assetId, row);
      rows.push(
        incident.assetName ? `${incident.assetName} (${incident.assetId})` : incident.assetId,
      );
    }
    segments.push(...incidentSegments(incident, row, index, to));
  });
  return {
    rows,
    from,
    to,
    bySeverity: SEVERITIES.map((severity) => ({
      severity,
      segments: segments.filter((segment) => segment.severity === severity),
    })),
  };
}
