import { METRICS, isMetricName } from '@cityops/contracts';
import type { SimReading } from '../heating/reading-log.js';
import { createRandom, type Random } from '../lib/random.js';
import { round, toShanghaiIso } from '../lib/time.js';

export const FAULT_MODES = ['stuck', 'spikes', 'silent', 'sentinel'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/** Share of a spiking sensor's readings that carry a spike. */
export const SPIKE_SHARE = 0.25;

/** "No reading" values field equipment sends: -39.9 for temperatures, 9999 for the rest. */
export function sentinelFor(metric: string): number {
  return metric.endsWith('TempC') ? -39.9 : 9999;
}

/**
 * A spike: a jump far from the sensor's neighbours that is still physically possible, so only a
 * quality check (not the range check) can tell it from a real event.
 */
export function spikeOf(metric: string, value: number, random: Random): number {
  const spiked = metric.endsWith('TempC')
    ? value + random.between(18, 25)
    : metric.endsWith('PressureMPa')
      ? value + random.between(0.5, 0.8)
      : metric === 'depthCm'
        ? value + random.between(40, 80)
        : metric === 'rainfallMmH'
          ? value + random.between(80, 150)
          : metric === 'batteryPct'
            ? value - random.between(40, 60)
            : value * random.between(3, 5);
  const max = isMetricName(metric) ? METRICS[metric].max : Infinity;
  const min = isMetricName(metric) ? METRICS[metric].min : -Infinity;
  return round(Math.min(max, Math.max(min, spiked)), 2);
}

interface Fault {
  mode: FaultMode;
  since: number;
  /** The metrics a stuck sensor keeps repeating (its first reading after the fault began). */
  frozen?: Record<string, number>;
}

/**
 * Broken sensors (sensor_fault scenario): stuck on one value, spiking now and then, silent, or
 * sending sentinel values. Applied to readings after the models made them.
 */
export class SensorFaults {
  private readonly faults = new Map<string, Fault>();
  private readonly random: Random;

  constructor(seed: string) {
    this.random = createRandom(`${seed}/sensor-faults`);
  }

  set(sensorId: string, mode: FaultMode | null, now: number): void {
    if (mode === null) this.faults.delete(sensorId);
    else this.faults.set(sensorId, { mode, since: now });
  }

  clear(): void {
    this.faults.clear();
  }

  get size(): number {
    return this.faults.size;
  }

  state(): Record<string, { mode: FaultMode; since: string }> {
    return Object.fromEntries(
      [...this.faults].map(([id, f]) => [id, { mode: f.mode, since: toShanghaiIso(f.since) }]),
    );
  }

  apply(readings: SimReading[]): SimReading[] {
    if (this.faults.size === 0) return readings;
    const out: SimReading[] = [];
    for (const reading of readings) {
      const fault = this.faults.get(reading.sensorId);
      if (!fault) out.push(reading);
      else if (fault.mode !== 'silent') out.push(this.faulty(reading, fault));
    }
    return out;
  }

  private faulty(reading: SimReading, fault: Fault): SimReading {
    switch (fault.mode) {
      case 'stuck':
        fault.frozen ??= { ...reading.metrics };
        return { ...reading, metrics: { ...fault.frozen } };
      case 'sentinel':
        return {
          ...reading,
          metrics: Object.fromEntries(
            Object.keys(reading.metrics).map((name) => [name, sentinelFor(name)]),
          ),
        };
      case 'spikes': {
        if (this.random.next() >= SPIKE_SHARE) return reading;
        const names = Object.keys(reading.metrics).filter(
          (n) => !(isMetricName(n) && 'boolean' in METRICS[n]),
        );
        if (names.length === 0) return reading;
        const name = this.random.pick(names);
        const metrics = { ...reading.metrics };
        metrics[name] = spikeOf(name, metrics[name]!, this.random);
        return { ...reading, metrics };
      }
      case 'silent':
        return reading;
    }
  }
}
