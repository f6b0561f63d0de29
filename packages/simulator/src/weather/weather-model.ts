import { shanghaiHourOfDay, toShanghaiIso } from '../lib/time.js';

/** Tianjin winter air: about -5 °C before dawn, +3 °C mid-afternoon. */
export function diurnalOutdoorTempC(now: number): number {
  return -1 + 4 * Math.sin((2 * Math.PI * (shanghaiHourOfDay(now) - 9)) / 24);
}

/** A value moving linearly from `from` to `to` over `rampMs` starting at `since`. */
export interface Ramp {
  from: number;
  to: number;
  since: number;
  rampMs: number;
}

export function rampValue(ramp: Ramp, now: number): number {
  const progress =
    ramp.rampMs <= 0 ? 1 : Math.min(1, Math.max(0, (now - ramp.since) / ramp.rampMs));
  return ramp.from + (ramp.to - ramp.from) * progress;
}

export interface ColdWave {
  dropC: number;
  rampMin: number;
}

/**
 * The weather the city feels: the daily curve plus a cold-wave offset that ramps down when a cold wave
 * arrives and back up when it leaves (never a jump, so supply temperatures and flats follow smoothly).
 */
export class WeatherModel {
  private offset: Ramp = { from: 0, to: 0, since: 0, rampMs: 0 };
  private coldWave: (ColdWave & { since: number }) | null = null;

  outdoorTempC(now: number): number {
    return diurnalOutdoorTempC(now) + rampValue(this.offset, now);
  }

  /** Starts (or changes) a cold wave: the air drops by `dropC` over `rampMin` minutes. */
  startColdWave(wave: ColdWave, now: number): void {
    this.offset = {
      from: rampValue(this.offset, now),
      to: -wave.dropC,
      since: now,
      rampMs: wave.rampMin * 60_000,
    };
    this.coldWave = { ...wave, since: now };
  }

  /** Ends the cold wave: the air warms back to the daily curve over the same ramp. */
  endColdWave(now: number): void {
    const rampMs = (this.coldWave?.rampMin ?? 0) * 60_000;
    this.offset = { from: rampValue(this.offset, now), to: 0, since: now, rampMs };
    this.coldWave = null;
  }

  state(now: number) {
    return {
      outdoorTempC: Math.round(this.outdoorTempC(now) * 10) / 10,
      coldWave: this.coldWave
        ? { ...this.coldWave, since: toShanghaiIso(this.coldWave.since) }
        : null,
    };
  }
}
