import type { WireReading } from './heating/reading-log.js';

export interface TickSummary {
  flats: number;
  flatsBelow18C: number;
  flatsBelow12C: number;
  coldestFlatC: number | null;
  /** Stations and heat sources whose make-up water is above 2 % of their circulating flow (the leak signature). */
  loopsMakeupAbove2Pct: number;
  /** Waterlogging points at or above each depth, cm. */
  pointsAtOrAboveCm: Record<'10' | '15' | '20' | '25', number>;
  deepest: { sensorId: string; depthCm: number }[];
  heaviestRainMmH: number;
}

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** What a tick looked like, for /control/state: how many flats are cold, how deep the water is. */
export function summariseTick(
  heating: readonly WireReading[],
  water: readonly WireReading[],
): TickSummary {
  let flats = 0;
  let below18 = 0;
  let below12 = 0;
  let coldest: number | null = null;
  let leaking = 0;
  for (const { metrics } of heating) {
    const indoor = num(metrics.indoorTempC);
    if (indoor !== null && indoor > -39) {
      flats += 1;
      if (indoor < 18) below18 += 1;
      if (indoor < 12) below12 += 1;
      coldest = coldest === null ? indoor : Math.min(coldest, indoor);
    }
    const makeup = num(metrics.makeupM3h);
    const flow = num(metrics.flowM3h);
    if (makeup !== null && flow && makeup / flow > 0.02) leaking += 1;
  }
  const depths: { sensorId: string; depthCm: number }[] = [];
  let heaviestRain = 0;
  for (const { sensorId, metrics } of water) {
    const depth = num(metrics.depthCm);
    if (depth !== null && depth < 500) depths.push({ sensorId, depthCm: depth });
    const rain = num(metrics.rainfallMmH);
    if (rain !== null && rain < 300) heaviestRain = Math.max(heaviestRain, rain);
  }
  const atOrAbove = (cm: number) => depths.filter((d) => d.depthCm >= cm).length;
  return {
    flats,
    flatsBelow18C: below18,
    flatsBelow12C: below12,
    coldestFlatC: coldest,
    loopsMakeupAbove2Pct: leaking,
    pointsAtOrAboveCm: {
      '10': atOrAbove(10),
      '15': atOrAbove(15),
      '20': atOrAbove(20),
      '25': atOrAbove(25),
    },
    deepest: depths
      .filter((d) => d.depthCm > 0)
      .sort((a, b) => b.depthCm - a.depthCm)
      .slice(0, 5),
    heaviestRainMmH: heaviestRain,
  };
}
