import { severityRank, type AssetCollection, type Severity } from '@cityops/contracts';

/**
 * A gauge counts when its latest reading is this close to the newest gauge reading: three of the
 * gauges' 5-minute reporting intervals (the offline rule's silence), anchored on the data rather
 * than on the wall's own clock, so a kiosk with a wrong clock still shows the rain.
 */
export const RAIN_WINDOW_MS = 15 * 60_000;

interface RainfallNow {
  /** Highest and mean latest `rainfallMmH` of the gauges in the window, to one decimal; null when none. */
  maxMmH: number | null;
  meanMmH: number | null;
  /** How many gauges the figures are over. */
  gauges: number;
  /**
   * The rainstorm signal level now (CMA: blue, yellow, orange, red): the most severe open incident
   * on those gauges, i.e. the `rainstorm-signal` rule's level over its 3/6/12-hour windows; null when none.
   */
  level: Severity | null;
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/** Rainfall now: the online rain gauges' latest intensity over the last reading window. */
export function rainfallNow(collection: AssetCollection | undefined): RainfallNow {
  const gauges: { mmH: number; at: number; severity: Severity | null }[] = [];
  for (const { properties } of collection?.features ?? []) {
    if (properties.kind !== 'rain_gauge') continue;
    if (properties.status !== 'ok' && properties.status !== 'alarm') continue;
    const mmH = properties.latest.rainfallMmH;
    const at = properties.lastSeenAt ? Date.parse(properties.lastSeenAt) : NaN;
    if (mmH === undefined || !Number.isFinite(mmH) || !Number.isFinite(at)) continue;
    gauges.push({ mmH, at, severity: properties.severity });
  }
  const newest = Math.max(...gauges.map((gauge) => gauge.at));
  const recent = gauges.filter((gauge) => gauge.at > newest - RAIN_WINDOW_MS);
  if (recent.length === 0) return { maxMmH: null, meanMmH: null, gauges: 0, level: null };

  let level: Severity | null = null;
  for (const { severity } of recent) {
    if (severity && (!level || severityRank(severity) > severityRank(level))) level = severity;
  }
  return {
    maxMmH: oneDecimal(Math.max(...recent.map((gauge) => gauge.mmH))),
    meanMmH: oneDecimal(recent.reduce((sum, gauge) => sum + gauge.mmH, 0) / recent.length),
    gauges: recent.length,
    level,
  };
}
