import { parseCsv } from '@cityops/contracts';

/*
 * FloodNet flood events (NYC street-flood sensors) in the CSV layout of the public dataset:
 * `flood_profile_depth_inches` and `flood_profile_time_secs` are bracketed lists, seconds from
 * `flood_start_time`. The tests replay such profiles through the fast path.
 */

export interface FloodEvent {
  sensorId: string;
  start: string;
  maxDepthInches: number;
  /** Seconds from the start, with the depth in inches. */
  profile: { secs: number; inches: number }[];
}

const list = (text: string) =>
  text
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((v) => Number(v.trim()));

export function parseFloodEvents(csv: string): FloodEvent[] {
  const [header, ...rows] = parseCsv(csv);
  const col = (name: string) => {
    const index = header!.fields.indexOf(name);
    if (index < 0) throw new Error(`FloodNet CSV without column ${name}`);
    return index;
  };
  const [id, start, max, depths, times] = [
    col('sensor_id'),
    col('flood_start_time'),
    col('max_depth_inches'),
    col('flood_profile_depth_inches'),
    col('flood_profile_time_secs'),
  ];
  return rows.map(({ fields }) => {
    const inches = list(fields[depths]!);
    const secs = list(fields[times]!);
    if (inches.length !== secs.length) throw new Error(`profile lengths differ for ${fields[id]}`);
    return {
      sensorId: fields[id]!,
      start: fields[start]!,
      maxDepthInches: Number(fields[max]),
      profile: secs.map((s, i) => ({ secs: s, inches: inches[i]! })),
    };
  });
}

/** A profile in the dataset's layout: rises to `peakInches` and drains, a point a minute. */
export function syntheticFloodCsv(sensorId: string, peakInches: number, minutes: number): string {
  const inches: string[] = [];
  const secs: number[] = [];
  for (let m = 0; m <= minutes; m++) {
    // A fast rise over the first third, a slow drain after: the usual shape of a street flood.
    const x = m / minutes;
    const depth =
      x < 1 / 3
        ? peakInches * Math.sin((x * 3 * Math.PI) / 2)
        : peakInches * (1 - (x - 1 / 3) * 1.5);
    inches.push(Math.max(0, depth).toFixed(2));
    secs.push(m * 60 + (m % 3)); // slightly irregular steps, as the sensors report
  }
  const header =
    '"sensor_name","sensor_id","flood_start_time","max_depth_inches","flood_profile_depth_inches","flood_profile_time_secs"';
  return `${header}\n"synthetic","${sensorId}","2024-09-01T10:00:00.000","${peakInches}","[${inches.join(', ')}]","[${secs.join(', ')}]"\n`;
}
