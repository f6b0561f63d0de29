import { readingTopic } from '@cityops/contracts';
import type { CityAsset } from '../city/city-model.js';
import { round, toShanghaiIso } from '../lib/time.js';

/** Bounds that keep a load run from becoming a flood: rate, duration and so the count. */
export const LOAD_LIMITS = { maxRatePerS: 200_000, maxDurationS: 600 } as const;

export class LoadError extends Error {
  override readonly name = 'LoadError';
}

/** Load goes to a broker on this machine only (a benchmark, never someone else's broker). */
export function assertLoopback(brokerUrl: string): void {
  let host: string;
  try {
    host = new URL(brokerUrl).hostname;
  } catch {
    throw new LoadError(`not a broker URL: ${brokerUrl}`);
  }
  const loopback =
    host === 'localhost' || host === '[::1]' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  if (!loopback)
    throw new LoadError(
      `load goes to a loopback broker only (127.0.0.1, ::1, localhost), not ${host}`,
    );
}

export function checkLoadBounds(ratePerS: number, durationS: number): void {
  if (!Number.isFinite(ratePerS) || ratePerS < 1 || ratePerS > LOAD_LIMITS.maxRatePerS)
    throw new LoadError(`rate must be between 1 and ${LOAD_LIMITS.maxRatePerS} readings/s`);
  if (!Number.isFinite(durationS) || durationS <= 0 || durationS > LOAD_LIMITS.maxDurationS)
    throw new LoadError(`duration must be between 0 and ${LOAD_LIMITS.maxDurationS} s`);
}

/** The n-th load message for a sensor: the reading shape of the public contract, plausible values. */
export function loadMessage(
  sensor: Pick<CityAsset, 'id' | 'domain' | 'kind'>,
  n: number,
  now: number,
): { topic: string; payload: string } {
  const wobble = Math.sin(n * 0.7);
  let metrics: Record<string, number>;
  switch (sensor.kind) {
    case 'indoor_sensor':
      metrics = { indoorTempC: round(20.5 + wobble, 2) };
      break;
    case 'heat_station':
      metrics = { supplyTempC: round(52 + wobble, 2), returnTempC: round(42 + wobble, 2) };
      break;
    case 'heat_source':
      metrics = { supplyTempC: round(102 + wobble, 2), returnTempC: round(57 + wobble, 2) };
      break;
    case 'rain_gauge':
      metrics = { rainfallMmH: 0, batteryPct: 80 };
      break;
    default:
      metrics = { depthCm: round(Math.max(0, 2 * wobble), 1), rainfallMmH: 0, batteryPct: 80 };
  }
  return {
    topic: readingTopic(sensor.domain, sensor.id),
    payload: JSON.stringify({ ts: toShanghaiIso(now), metrics }),
  };
}

export interface LoadOptions {
  ratePerS: number;
  durationS: number;
  sensors: readonly Pick<CityAsset, 'id' | 'domain' | 'kind'>[];
  publish: (topic: string, payload: string) => Promise<void>;
  /** Most messages awaiting their acknowledgement at once. */
  maxInFlight?: number;
  /** Monotonic clock in ms (replaceable in tests). */
  clock?: () => number;
  /** Wall clock for the readings' ts. */
  wallClock?: () => number;
  onProgress?: (progress: { sent: number; acked: number; elapsedS: number }) => void;
}

export interface LoadResult {
  targetRatePerS: number;
  target: number;
  sent: number;
  acked: number;
  failed: number;
  elapsedS: number;
  achievedRatePerS: number;
  /** First few publish errors, for the log. */
  errors: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How many messages should have gone out `elapsedMs` into a run at `ratePerS`, never past `total`. */
export function dueCount(ratePerS: number, elapsedMs: number, total: number): number {
  return Math.min(total, Math.floor((ratePerS * Math.max(0, elapsedMs)) / 1000));
}

/**
 * Publishes `ratePerS × durationS` readings, paced evenly over the duration, cycling through the
 * sensors. Stops sending at twice the duration (plus 10 s) even when the broker lags, and waits for
 * the acknowledgements still outstanding up to the same limit.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  checkLoadBounds(options.ratePerS, options.durationS);
  if (options.sensors.length === 0) throw new LoadError('no sensors to publish for');
  const clock = options.clock ?? (() => performance.now());
  const wallClock = options.wallClock ?? Date.now;
  const maxInFlight = options.maxInFlight ?? 10_000;
  const total = Math.round(options.ratePerS * options.durationS);
  const start = clock();
  const hardStop = start + options.durationS * 2000 + 10_000;
  let sent = 0;
  let acked = 0;
  let failed = 0;
  let lastDone = start;
  let lastProgress = start;
  const errors: string[] = [];
  const inFlight = new Set<Promise<void>>();

  const send = () => {
    const sensor = options.sensors[sent % options.sensors.length]!;
    const { topic, payload } = loadMessage(sensor, sent, wallClock());
    sent += 1;
    const p: Promise<void> = options.publish(topic, payload).then(
      () => {
        acked += 1;
      },
      (err: unknown) => {
        failed += 1;
        if (errors.length < 5) errors.push(err instanceof Error ? err.message : String(err));
      },
    );
    const tracked = p.finally(() => {
      lastDone = clock();
      inFlight.delete(tracked);
    });
    inFlight.add(tracked);
  };

  while (sent < total && clock() < hardStop) {
    const due = dueCount(options.ratePerS, clock() - start, total);
    while (sent < due && inFlight.size < maxInFlight) send();
    if (options.onProgress && clock() - lastProgress >= 5000) {
      lastProgress = clock();
      options.onProgress({ sent, acked, elapsedS: (lastProgress - start) / 1000 });
    }
    if (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    else await sleep(sent >= due ? 5 : 0);
  }
  while (inFlight.size > 0 && clock() < hardStop) {
    await Promise.race([Promise.race(inFlight), sleep(100)]);
  }
  const elapsedS = Math.max(0.001, (lastDone - start) / 1000);
  return {
    targetRatePerS: options.ratePerS,
    target: total,
    sent,
    acked,
    failed,
    elapsedS: round(elapsedS, 3),
    achievedRatePerS: Math.round(acked / elapsedS),
    errors,
  };
}
