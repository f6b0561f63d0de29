import type { DistrictCode } from '@cityops/contracts';
import { FAULT_MODES, type FaultMode } from '../faults/sensor-faults.js';
import { optionalString } from '../http/control-bodies.js';
import { HttpError } from '../http/respond.js';
import { districtCodeOf } from '../city/placement.js';

export const SCENARIO_NAMES = [
  'rainstorm',
  'cold_wave',
  'pipe_leak',
  'hotline_surge',
  'sensor_fault',
  'bad_data',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** A scenario switched on or off, its parameters checked and defaults filled in. */
export type ScenarioCommand =
  | {
      name: 'rainstorm';
      on: true;
      intensity: number;
      districts: DistrictCode[] | null;
      durationMin: number;
    }
  | { name: 'cold_wave'; on: true; dropC: number; rampMin: number }
  | {
      name: 'pipe_leak';
      on: true;
      stationId: string | null;
      makeupPct: number;
      pressureDropMPa: number;
    }
  | {
      name: 'hotline_surge';
      on: true;
      district: DistrictCode | null;
      rate: number;
      clusters: number;
    }
  | { name: 'sensor_fault'; on: true; sensorId: string; mode: FaultMode }
  | { name: 'bad_data'; on: true; share: number }
  | { name: 'pipe_leak' | 'sensor_fault'; on: false; target: string | null }
  | { name: 'rainstorm' | 'cold_wave' | 'hotline_surge' | 'bad_data'; on: false };

export interface ScenarioDescription {
  name: ScenarioName;
  description: string;
  params: Record<string, string>;
  example: Record<string, unknown>;
}

/** What GET /control/scenarios lists: each scenario, its parameters and a body to try. */
export const SCENARIO_CATALOG: readonly ScenarioDescription[] = [
  {
    name: 'rainstorm',
    description:
      'Rain rises to a peak and eases off over the duration; gauges and points report it, tunnels flood first (10/15/20/25 cm at different points), then everything drains at ~8 cm/h. About 2/3 × intensity × hours falls: the defaults give ~60 mm (an orange CMA signal, 50 mm in 3 h, at most gauges), 100 mm/h for 120 min a red one (100 mm in 3 h).',
    params: {
      intensity: 'peak rainfall, mm/h (1-300, default 60)',
      districts: 'district codes or names it rains on (default: the whole city)',
      durationMin: 'minutes of rain (1-1440, default 90)',
    },
    example: { name: 'rainstorm', on: true, intensity: 80, districts: ['120104'], durationMin: 45 },
  },
  {
    name: 'cold_wave',
    description:
      'The outdoor air drops; station supply temperatures chase the weather curve with a lag, poorly served flats sag below 18 °C and a few below 12 °C. Off: the air warms back over the same ramp.',
    params: {
      dropC: 'how far the air drops, °C (1-30, default 12)',
      rampMin: 'minutes to reach the full drop (0-1440, default 120)',
    },
    example: { name: 'cold_wave', on: true, dropC: 12, rampMin: 120 },
  },
  {
    name: 'pipe_leak',
    description:
      "A leak on a station's (or heat source's) loop: make-up water rises above 2 % of circulating flow while supply and return pressure fall. Off: repaired (without stationId: every leak).",
    params: {
      stationId: 'ST-… or HS-… (default: a station picked for the seed)',
      makeupPct:
        'make-up water as % of circulating flow once the leak is established (0.5-50, default 4)',
      pressureDropMPa: 'pressure lost, MPa (0-0.3, default 0.1)',
    },
    example: { name: 'pipe_leak', on: true, stationId: 'ST-0007' },
  },
  {
    name: 'hotline_surge',
    description:
      'Many new 12345 hotline cases on top of the usual ones, half of them clustered within 200 m of a few spots.',
    params: {
      district: 'district code or name (default: the city by population)',
      rate: 'extra cases per hour (1-10000, default 60)',
      clusters: 'number of spots the clustered calls come from (0-20, default 3)',
    },
    example: { name: 'hotline_surge', on: true, district: '120104', rate: 120 },
  },
  {
    name: 'sensor_fault',
    description:
      'One sensor misbehaves: stuck (repeats one value), spikes (now and then a far-off but possible value), silent (no readings), sentinel (-39.9 for temperatures, 9999 otherwise). Off: fixed (without sensorId: every fault).',
    params: {
      sensorId: 'any sensor or station id',
      mode: FAULT_MODES.join(' | '),
    },
    example: { name: 'sensor_fault', on: true, sensorId: 'IS-0042', mode: 'stuck' },
  },
  {
    name: 'bad_data',
    description:
      'A share of readings arrives spoiled (out of range, sentinel, not a number, unknown metric, bad or future timestamp, unknown sensor) and of new cases broken (outside the city, unknown category, due before reported, bad timestamp), for the collectors\u2019 quarantine.',
    params: { share: 'share of readings and new cases spoiled (0.0001-1, default 0.01)' },
    example: { name: 'bad_data', on: true, share: 0.01 },
  },
];

function numberParam(
  body: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
  fallback: number,
): number {
  const value = body[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    throw new HttpError(400, `${key} must be a number between ${min} and ${max}`);
  return value;
}

function district(text: string): DistrictCode {
  const code = districtCodeOf(text);
  if (!code)
    throw new HttpError(
      400,
      `unknown district "${text}" (use a code such as 120104 or a name such as 南开区)`,
    );
  return code;
}

function districtsParam(body: Record<string, unknown>): DistrictCode[] | null {
  const value = body.districts ?? body.district;
  if (value === undefined || value === null) return null;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((d) => typeof d === 'string'))
    throw new HttpError(400, 'districts must be a district code or name, or a list of them');
  return [...new Set(list.map(district))];
}

/** POST /control/scenario: `{"name": …, "on": true|false, …params}`, checked by hand like the other controls. */
export function parseScenarioBody(body: Record<string, unknown>): ScenarioCommand {
  const name = body.name;
  if (typeof name !== 'string' || !(SCENARIO_NAMES as readonly string[]).includes(name))
    throw new HttpError(400, `name must be one of ${SCENARIO_NAMES.join(', ')}`);
  if (typeof body.on !== 'boolean') throw new HttpError(400, 'on must be true or false');
  const scenario = name as ScenarioName;
  if (!body.on) {
    if (scenario === 'pipe_leak')
      return { name: scenario, on: false, target: optionalString(body, 'stationId') ?? null };
    if (scenario === 'sensor_fault')
      return { name: scenario, on: false, target: optionalString(body, 'sensorId') ?? null };
    return { name: scenario, on: false };
  }
  switch (scenario) {
    case 'rainstorm':
      return {
        name: scenario,
        on: true,
        intensity: numberParam(
          body,
          'intensity',
          1,
          300,
          numberParam(body, 'intensityMmH', 1, 300, 60),
        ),
        districts: districtsParam(body),
        durationMin: numberParam(body, 'durationMin', 1, 1440, 90),
      };
    case 'cold_wave':
      return {
        name: scenario,
        on: true,
        dropC: numberParam(body, 'dropC', 1, 30, 12),
        rampMin: numberParam(body, 'rampMin', 0, 1440, 120),
      };
    case 'pipe_leak':
      return {
        name: scenario,
        on: true,
        stationId: optionalString(body, 'stationId') ?? null,
        makeupPct: numberParam(body, 'makeupPct', 0.5, 50, 4),
        pressureDropMPa: numberParam(body, 'pressureDropMPa', 0, 0.3, 0.1),
      };
    case 'hotline_surge': {
      const districts = districtsParam(body);
      if (districts && districts.length > 1)
        throw new HttpError(400, 'a hotline surge takes one district');
      return {
        name: scenario,
        on: true,
        district: districts?.[0] ?? null,
        rate: numberParam(body, 'rate', 1, 10_000, 60),
        clusters: Math.round(numberParam(body, 'clusters', 0, 20, 3)),
      };
    }
    case 'sensor_fault': {
      const sensorId = optionalString(body, 'sensorId');
      if (sensorId === undefined) throw new HttpError(400, 'sensorId is required');
      const mode = body.mode;
      if (typeof mode !== 'string' || !(FAULT_MODES as readonly string[]).includes(mode))
        throw new HttpError(400, `mode must be one of ${FAULT_MODES.join(', ')}`);
      return { name: scenario, on: true, sensorId, mode: mode as FaultMode };
    }
    case 'bad_data':
      return { name: scenario, on: true, share: numberParam(body, 'share', 0.0001, 1, 0.01) };
  }
}
