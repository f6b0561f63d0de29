import { METRICS, isMetricName } from '@cityops/contracts';
import type { SimReading, WireReading } from '../heating/reading-log.js';
import { createRandom, type Random } from '../lib/random.js';
import { toShanghaiIso } from '../lib/time.js';
import { sentinelFor } from './sensor-faults.js';

/** The kinds of bad input a collector must quarantine with a reason (bad_data scenario). */
export const BAD_READING_KINDS = [
  'out_of_range',
  'sentinel_value',
  'not_a_number',
  'unknown_metric',
  'bad_timestamp',
  'future_timestamp',
  'unknown_sensor',
] as const;
export type BadReadingKind = (typeof BAD_READING_KINDS)[number];

/** Turns one good reading into a bad one of the given kind. Pure apart from the random choices. */
export function spoilReading(
  reading: SimReading,
  kind: BadReadingKind,
  now: number,
  random: Random,
): WireReading {
  const names = Object.keys(reading.metrics);
  const name = names.length ? random.pick(names) : 'indoorTempC';
  const withMetric = (value: unknown): WireReading => ({
    ...reading,
    metrics: { ...reading.metrics, [name]: value },
  });
  switch (kind) {
    case 'out_of_range':
      return withMetric(isMetricName(name) ? METRICS[name].max * 1.5 + 1 : 1e6);
    case 'sentinel_value':
      return withMetric(sentinelFor(name));
    case 'not_a_number':
      return withMetric(random.pick(['n/a', null, '']));
    case 'unknown_metric':
      return { ...reading, metrics: { ...reading.metrics, humidityPct: 45 } };
    case 'bad_timestamp':
      // Local time without an offset: ambiguous, so refused.
      return { ...reading, ts: reading.ts.slice(0, 19).replace('T', ' ') };
    case 'future_timestamp':
      return { ...reading, ts: toShanghaiIso(now + 24 * 3_600_000) };
    case 'unknown_sensor': {
      const prefix = reading.sensorId.split('-')[0] ?? 'XX';
      return { ...reading, sensorId: `${prefix}-X${String(random.int(1, 9999)).padStart(4, '0')}` };
    }
  }
}

/**
 * Spoils a small share of readings (malformed, out of range, sentinel, unknown sensor, bad or future
 * time) and counts what it sent, so a test or a demo knows how many rejections to expect.
 */
export class BadData {
  private share = 0;
  private readonly random: Random;
  readonly counts: Record<BadReadingKind, number> = {
    out_of_range: 0,
    sentinel_value: 0,
    not_a_number: 0,
    unknown_metric: 0,
    bad_timestamp: 0,
    future_timestamp: 0,
    unknown_sensor: 0,
  };

  constructor(seed: string) {
    this.random = createRandom(`${seed}/bad-data`);
  }

  setShare(share: number): void {
    this.share = Math.min(1, Math.max(0, share));
  }

  get active(): boolean {
    return this.share > 0;
  }

  state() {
    return { share: this.share, sent: { ...this.counts } };
  }

  apply(readings: SimReading[], now: number): WireReading[] {
    if (this.share === 0) return readings;
    return readings.map((reading) => {
      if (this.random.next() >= this.share) return reading;
      const kind = this.random.pick(BAD_READING_KINDS);
      this.counts[kind] += 1;
      return spoilReading(reading, kind, now, this.random);
    });
  }
}
