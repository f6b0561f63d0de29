// Small pure functions behind the heating model: weather curves, lags, flats' heat balance, leaks.

export const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));

/** Exponential approach from `from` towards `to` after `elapsedMs` with time constant `tauMs`. */
export function decayTowards(from: number, to: number, elapsedMs: number, tauMs: number): number {
  return to + (from - to) * Math.exp(-Math.max(0, elapsedMs) / tauMs);
}

/**
 * Secondary-loop supply by the weather-compensation curve: 45 °C at +5 °C outdoors, 1.25 °C more per
 * degree colder (60 °C at Tianjin's design outdoor temperature of about -7 °C), never below 40 °C.
 */
export function secondarySupplyCurveC(outdoorC: number): number {
  return Math.max(40, 45 + 1.25 * (5 - outdoorC));
}

/** Primary-loop supply from the heat source: ~100 °C around 0 °C outdoors, 95-125 °C. */
export function primarySupplyCurveC(outdoorC: number): number {
  return clamp(100 - 1.2 * outdoorC, 95, 125);
}

/** Share of the design load (1 at -7 °C outdoors): supply minus return shrinks in mild weather. */
export function loadFactor(outdoorC: number): number {
  return clamp((18 - outdoorC) / 25, 0.4, 1.4);
}

/**
 * Where a flat settles: its usual temperature, lowered by how far its station's supply falls short of
 * what the weather curve asks for, times how exposed the flat is (a top-floor corner flat more).
 */
export function indoorEquilibriumC(baseC: number, exposure: number, shortfallC: number): number {
  return baseC - exposure * Math.max(0, shortfallC);
}

/** A flat whose station is stopped cools towards a few degrees above the outdoor air. */
export function unheatedEquilibriumC(outdoorC: number): number {
  return outdoorC + 8;
}

/** Warmest in the evening when everyone is home, coolest before dawn (±0.6 °C). */
export function indoorDailyWave(hourOfDay: number): number {
  return 0.6 * Math.sin((2 * Math.PI * (hourOfDay - 14)) / 24);
}

export interface LeakEffect {
  /** Make-up water added, as a share of circulating flow. */
  extraMakeupShare: number;
  /** Pressure lost on both supply and return, MPa. */
  pressureDropMPa: number;
}

const LEAK_MAKEUP_TAU_MS = 5 * 60_000;
const LEAK_PRESSURE_TAU_MS = 20 * 60_000;

/**
 * The leak signature: make-up water climbs within minutes to `makeupPct` % of the circulating flow
 * (normal is well under 1 %, the alarm level about 2 %) while the loop's pressure sags by up to
 * `pressureDropMPa` because the make-up pump cannot keep up.
 */
export function leakEffect(
  elapsedMs: number,
  leak: { makeupPct: number; pressureDropMPa: number },
): LeakEffect {
  const t = Math.max(0, elapsedMs);
  return {
    extraMakeupShare: (leak.makeupPct / 100) * (1 - Math.exp(-t / LEAK_MAKEUP_TAU_MS)),
    pressureDropMPa: leak.pressureDropMPa * (1 - Math.exp(-t / LEAK_PRESSURE_TAU_MS)),
  };
}
