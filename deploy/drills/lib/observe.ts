import type {
  DeliveryRow,
  EvaluateJob,
  EventRow,
  IncidentRow,
  ServedReading,
  StoredPoint,
} from './counting.js';
import { sleep } from './processes.js';
import type { Stack } from './stack.js';

/*
 * Reads what the stack did, for the counting: InfluxDB points, BullMQ jobs in Redis, incidents,
 * timeline and deliveries in PostgreSQL. Whole tables: the drills' databases are their own.
 */

export async function storedPoints(stack: Stack): Promise<StoredPoint[]> {
  const rows = await stack.influx.rows('SELECT * FROM "raw"."heating"');
  return rows.map((r) => ({ assetId: String(r.assetId), time: Number(r.time) }));
}

export async function incidentRows(stack: Stack): Promise<IncidentRow[]> {
  return (
    await stack.postgres.query('SELECT id, key, asset_id, rule_id, status FROM incidents')
  ).map(([id, key, assetId, ruleId, status]) => ({
    id: id!,
    key: key!,
    assetId: assetId || null,
    ruleId: ruleId!,
    status: status as IncidentRow['status'],
  }));
}

export async function eventRows(stack: Stack): Promise<EventRow[]> {
  return (
    await stack.postgres.query(
      "SELECT incident_id, type, coalesce(transition_id, ''), data::text FROM incident_events",
    )
  ).map(([incidentId, type, transitionId, data]) => ({
    incidentId: incidentId!,
    type: type!,
    transitionId: transitionId || null,
    data: JSON.parse(data ?? '{}') as Record<string, unknown>,
  }));
}

export async function deliveryRows(stack: Stack): Promise<DeliveryRow[]> {
  return (
    await stack.postgres.query(
      "SELECT delivery_id, coalesce(incident_id::text, ''), recipient, channel, status FROM notification_deliveries",
    )
  ).map(([deliveryId, incidentId, recipient, channel, status]) => ({
    deliveryId: deliveryId!,
    incidentId: incidentId || null,
    recipient: recipient!,
    channel: channel!,
    status: status as DeliveryRow['status'],
  }));
}

const JOBS_SCRIPT = `
local out = {}
local function add(state, id)
  out[#out + 1] = state
  out[#out + 1] = id
  out[#out + 1] = redis.call('HGET', KEYS[1] .. ':' .. id, 'data') or ''
end
for _, state in ipairs({'completed', 'failed', 'delayed', 'prioritized'}) do
  for _, id in ipairs(redis.call('ZRANGE', KEYS[1] .. ':' .. state, 0, -1)) do add(state, id) end
end
for _, state in ipairs({'wait', 'active', 'paused'}) do
  for _, id in ipairs(redis.call('LRANGE', KEYS[1] .. ':' .. state, 0, -1)) do add(state, id) end
end
return out`;

/** Every telemetry job BullMQ still holds, with the readings it carries (completed jobs are kept: 10,000). */
export async function telemetryJobs(stack: Stack): Promise<EvaluateJob[]> {
  const raw = await stack.redis.cli(
    'EVAL',
    JOBS_SCRIPT,
    '1',
    `${stack.redisPrefix}:bull:telemetry`,
  );
  const lines = raw === '' ? [] : raw.split('\n');
  const jobs: EvaluateJob[] = [];
  for (let i = 0; i + 2 < lines.length; i += 3) {
    const state = lines[i]!;
    const id = lines[i + 1]!;
    const data = lines[i + 2] ? (JSON.parse(lines[i + 2]!) as { readings?: ServedReading[] }) : {};
    jobs.push({
      id,
      state: stateOf(state),
      readings: (data.readings ?? []).map((r) => ({ sensorId: r.sensorId, ts: r.ts })),
    });
  }
  return jobs;
}

function stateOf(state: string): EvaluateJob['state'] {
  if (state === 'wait') return 'waiting';
  if (state === 'completed' || state === 'failed' || state === 'delayed' || state === 'active')
    return state;
  return 'other';
}

export const PIPELINE_QUEUES = ['telemetry', 'incidents', 'notifications'] as const;

/**
 * Waits until the pipeline is idle: the collectors accepted at least everything served, their spool
 * is empty, and no telemetry, incidents or notifications job is left (twice in a row, a second
 * apart). Returns how long that took.
 */
export async function settle(stack: Stack, served: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  let quietChecks = 0;
  let last = '';
  while (Date.now() - started < timeoutMs) {
    try {
      const m = await stack.collectorMetrics();
      const unfinished = await stack.unfinishedJobs(PIPELINE_QUEUES);
      const busy = Object.values(unfinished).reduce((a, b) => a + b, 0);
      last = `accepted ${m.cityops_collector_readings_accepted_total ?? 0}/${served}, spool ${m.cityops_collector_spool_points ?? 0} points, unfinished jobs ${JSON.stringify(unfinished)}`;
      const idle =
        (m.cityops_collector_readings_accepted_total ?? 0) >= served &&
        (m.cityops_collector_spool_points ?? 0) === 0 &&
        busy === 0;
      quietChecks = idle ? quietChecks + 1 : 0;
      if (quietChecks >= 2) return Date.now() - started;
    } catch (error) {
      last = String(error);
      quietChecks = 0;
    }
    await sleep(1_000);
  }
  throw new Error(`the pipeline did not settle within ${timeoutMs / 1000} s: ${last}`);
}
