import { parseArgs } from 'node:util';
import { DomainSchema, type Domain } from '@cityops/contracts';
import { isValidTimeZone, parseIsoInZone } from '../lib/zoned-time.js';
import type { Speed, TimeMode } from './time-plan.js';

export const REPLAY_USAGE = `Usage: node collectors/dist/replay.js --file <csv> --mapping <name|mapping.json> [options]

Replays a historical CSV file through the collectors' pipeline (validation -> InfluxDB -> queues).
Built-in mappings: floodnet, xai4heat, baltimore311; or a JSON mapping file (see docs/collectors.md).

  --file <path>            the CSV file to replay (required)
  --mapping <name|path>    built-in mapping name, or a JSON mapping file (required)
  --speed <1|60|max|n>     how fast: real time, 60x, or as fast as possible (default max)
  --shift-to-now           move times to now (default): at max speed the last row lands at now,
                           at a finite speed the first row lands at now and the rest follow live
  --keep-time              keep the file's times (older than 90 days is refused as too_old)
  --domain <domain>        check the mapping's domain (a generic mapping's domain is in its file)
  --timezone <IANA>        zone of times without offset (default: the mapping's, e.g. America/New_York)
  --sensor-map <path|json> their sensor ids (or xai4heat keys station/source/<column>) -> our asset ids
  --sensor-pool <n>        floodnet without --sensor-map: spread their sensors over WL-0001..WL-<n> (default 30)
  --relocate               baltimore311: map the Baltimore box onto central Tianjin (demo only)
  --from <iso> --to <iso>  only rows whose source time is in this range (time in --timezone if no offset)
  --limit <n>              at most n readings or cases (the earliest)
  --quarantine-too-old     also send readings that land beyond the 90-day retention (they are all
                           quarantined as too_old); by default they are counted and skipped
  --batch-size <n>         readings or cases per batch (default 1000)
  --progress-ms <n>        progress line every n ms (default 5000)
  --dry-run                map and count only; no Redis, no InfluxDB
  -h, --help               this text

Environment: REDIS_URL, REDIS_PREFIX, INFLUX_URL (as the collectors). Exit code 1 when the file
cannot be read or the pipeline fails, 2 for bad arguments.`;

export interface ReplayArgs {
  file: string;
  mapping: string;
  speed: Speed;
  mode: TimeMode;
  domain: Domain | null;
  timezone: string | null;
  sensorMap: string | null;
  sensorPool: number;
  relocate: boolean;
  from: string | null;
  to: string | null;
  limit: number | null;
  quarantineTooOld: boolean;
  batchSize: number;
  progressMs: number;
  dryRun: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const positiveInt = (name: string, text: string | undefined, fallback: number | null) => {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new UsageError(`${name} must be a whole number of at least 1 (got "${text}")`);
  return Number(text);
};

/** Parses the command line; throws UsageError with a one-line reason. null means --help. */
export function parseReplayArgs(argv: readonly string[]): ReplayArgs | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        file: { type: 'string' },
        mapping: { type: 'string' },
        speed: { type: 'string' },
        'shift-to-now': { type: 'boolean' },
        'keep-time': { type: 'boolean' },
        domain: { type: 'string' },
        timezone: { type: 'string' },
        'sensor-map': { type: 'string' },
        'sensor-pool': { type: 'string' },
        relocate: { type: 'boolean' },
        from: { type: 'string' },
        to: { type: 'string' },
        limit: { type: 'string' },
        'quarantine-too-old': { type: 'boolean' },
        'batch-size': { type: 'string' },
        'progress-ms': { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return null;
  if (!values.file) throw new UsageError('--file is required');
  if (!values.mapping) throw new UsageError('--mapping is required');
  if (values['shift-to-now'] && values['keep-time'])
    throw new UsageError('choose one of --shift-to-now and --keep-time');
  let speed: Speed = 'max';
  if (values.speed !== undefined && values.speed !== 'max') {
    const n = Number(values.speed);
    if (!Number.isFinite(n) || n <= 0)
      throw new UsageError(`--speed must be max or a positive number (got "${values.speed}")`);
    speed = n;
  }
  let domain: Domain | null = null;
  if (values.domain !== undefined) {
    const parsed = DomainSchema.safeParse(values.domain);
    if (!parsed.success)
      throw new UsageError(`--domain must be one of ${DomainSchema.options.join(', ')}`);
    domain = parsed.data;
  }
  if (values.timezone !== undefined && !isValidTimeZone(values.timezone))
    throw new UsageError(`--timezone "${values.timezone}" is not an IANA time zone`);
  return {
    file: values.file,
    mapping: values.mapping,
    speed,
    mode: values['keep-time'] ? 'keep-time' : 'shift-to-now',
    domain,
    timezone: values.timezone ?? null,
    sensorMap: values['sensor-map'] ?? null,
    sensorPool: positiveInt('--sensor-pool', values['sensor-pool'], 30)!,
    relocate: values.relocate ?? false,
    from: values.from ?? null,
    to: values.to ?? null,
    limit: positiveInt('--limit', values.limit, null),
    quarantineTooOld: values['quarantine-too-old'] ?? false,
    batchSize: positiveInt('--batch-size', values['batch-size'], 1000)!,
    progressMs: positiveInt('--progress-ms', values['progress-ms'], 5000)!,
    dryRun: values['dry-run'] ?? false,
  };
}

/** --from/--to: ISO 8601, with an offset or in the replay's time zone. */
export function parseBound(name: string, text: string | null, timezone: string): number | null {
  if (text === null) return null;
  const ms = parseIsoInZone(text, timezone) ?? parseIsoInZone(`${text}T00:00:00`, timezone);
  if (ms === null)
    throw new UsageError(`${name} must be an ISO 8601 date or date-time (got "${text}")`);
  return ms;
}

/** --sensor-map: a JSON object {"theirs": "ours"} given inline or as a file's content. */
export function parseSensorMap(json: string): Map<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new UsageError(
      '--sensor-map must be a JSON object {"their id": "our asset id"} or a file holding one',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UsageError('--sensor-map must be a JSON object');
  const entries = Object.entries(value as Record<string, unknown>);
  const bad = entries.find(([, v]) => typeof v !== 'string' || v === '');
  if (bad) throw new UsageError(`--sensor-map: the value of "${bad[0]}" must be an asset id`);
  return new Map(entries as [string, string][]);
}
