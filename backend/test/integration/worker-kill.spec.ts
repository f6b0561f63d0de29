import { JobName, QueueName, type Reading, redisKeys } from '@cityops/contracts';
import { type Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.js';
import { BackendProcess, assertBackendBuilt, freePort } from './support/built-backend.js';
import { ASSET_HEADER, TEST_SECRET } from './support/pipeline-harness.js';
import { TestEnv, eventually } from './support/test-env.js';

/*
 * One API process and one worker process, built, on PostgreSQL. The worker is killed with SIGKILL
 * while it works through the incidents queue (some transitions applied, not all), a new worker
 * takes over, and every incident and timeline entry the readings call for must exist exactly once:
 * the job that was running when the worker died is rolled back and comes back through BullMQ's
 * stalled-job check, and must still be applied in its place among the key's transitions (before
 * the ordered queues ran one job at a time across processes, the new worker applied the key's later
 * transitions first and the late "raised" then opened a second incident that never closed).
 */

const T0 = Date.parse('2026-11-26T08:00:00+08:00');
const minute = (n: number) => T0 + n * 60_000;
const ASSETS = 300;
const PER_JOB = 30;
const sensor = (i: number) => `IS-K${String(i + 1).padStart(3, '0')}`;

/** Four groups: the temperatures each sensor reports (minute 0, 1, …) and what they must give. */
const GROUPS: { temps: number[]; status: string; severity: string; timeline: string[] }[] = [
  { temps: [20.5, 17.4], status: 'open', severity: 'blue', timeline: ['opened(blue)@1'] },
  {
    temps: [20.5, 17.4, 15.2],
    status: 'open',
    severity: 'orange',
    timeline: ['opened(blue)@1', 'severity_changed(orange)@2'],
  },
  {
    temps: [20.5, 17.4, 15.2, 11.5],
    status: 'open',
    severity: 'red',
    timeline: ['opened(blue)@1', 'severity_changed(orange)@2', 'severity_changed(red)@3'],
  },
  {
    temps: [20.5, 17.4, 15.2, 19.0],
    status: 'resolved',
    severity: 'orange',
    timeline: ['opened(blue)@1', 'severity_changed(orange)@2', 'resolved(-)@3'],
  },
];
const group = (i: number) => GROUPS[i % GROUPS.length]!;
const EXPECTED_ENTRIES = Array.from({ length: ASSETS }, (_, i) => group(i).timeline.length).reduce(
  (a, b) => a + b,
);

describe('a worker killed (SIGKILL) while it applies alert transitions', () => {
  let env: TestEnv;
  let api: ApiClient;
  let apiProcess: BackendProcess;
  const workers: BackendProcess[] = [];
  let redis: Redis;
  let db: pg.Client;
  const queues = new Map<QueueName, Queue>();

  const queue = (name: QueueName) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: redis, prefix: redisKeys(env.redisPrefix).bull });
      queues.set(name, q);
    }
    return q;
  };
  const vars = (extra: Record<string, string>) =>
    env.vars({ AUTH_SECRET: TEST_SECRET, HOST: '127.0.0.1', WORKERS_IN_API: 'false', ...extra });
  const startWorker = async (name: string) => {
    const worker = BackendProcess.start(name, 'worker', vars({}));
    workers.push(worker);
    await eventually(
      async () => {
        if (!worker.running) throw new Error(`${name} exited`);
        return (await queue(QueueName.Incidents).getWorkersCount()) === 1;
      },
      45_000,
      `${name} consuming the incidents queue`,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${worker.output()}`, { cause: error });
    });
    return worker;
  };
  const entries = async () =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_events')).rows[0]!.n;

  beforeAll(async () => {
    assertBackendBuilt();
    env = await TestEnv.create('postgres');
    redis = env.redis();
    const port = await freePort();
    apiProcess = BackendProcess.start('api', 'api', vars({ PORT: String(port) }));
    api = new ApiClient(`http://127.0.0.1:${port}`);
    await apiProcess.ready(api.baseUrl);
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    await startWorker('worker-1');
    await api.login('admin', 'test-admin-password');
    const csv = Array.from(
      { length: ASSETS },
      (_, i) =>
        `${sensor(i)},heating,indoor_sensor,杀进程测试 ${i + 1},,${117.18 + (i % 30) * 0.001},${39.1 + Math.floor(i / 30) * 0.001},`,
    ).join('\n');
    const imported = await api.post<{ imported: number; rejected: unknown[] }>(
      '/api/assets/import',
      `${ASSET_HEADER}\n${csv}\n`,
      'text/csv',
    );
    expect(imported.body).toMatchObject({ imported: ASSETS, rejected: [] });
  }, 120_000);

  afterAll(async () => {
    for (const q of queues.values()) await q.close();
    redis?.disconnect();
    await db?.end();
    await Promise.all([...workers, apiProcess].filter(Boolean).map((p) => p.stop()));
    await env?.dispose();
  }, 60_000);

  it('loses and duplicates nothing: every incident once, every timeline exactly as the readings say', async () => {
    const jobs = [];
    for (let first = 0; first < ASSETS; first += PER_JOB) {
      const readings: Reading[] = [];
      for (let i = first; i < first + PER_JOB; i++)
        group(i).temps.forEach((indoorTempC, m) =>
          readings.push({ sensorId: sensor(i), ts: minute(m), metrics: { indoorTempC } }),
        );
      jobs.push({
        name: JobName.EvaluateReadings,
        data: { source: 'test', readings },
        opts: { jobId: `batch-${first}` },
      });
    }
    await queue(QueueName.Telemetry).addBulk(jobs);

    // Some transitions applied, far from all: then kill -9.
    const atKill = await eventually(
      async () => {
        const n = await entries();
        return n >= EXPECTED_ENTRIES * 0.15 ? n : undefined;
      },
      30_000,
      'the first transitions to be applied',
    );
    await workers[0]!.crash();
    const appliedWhenKilled = await entries();
    const activeWhenKilled = await queue(QueueName.Incidents).getActive();
    expect(
      appliedWhenKilled,
      'the worker was killed after all transitions were applied',
    ).toBeLessThan(EXPECTED_ENTRIES);
    expect(atKill).toBeGreaterThan(0);

    await startWorker('worker-2');
    // The killed worker's job comes back only once its lock expired and a stalled-job check ran
    // (BullMQ: lockDuration and stalledInterval 30 s), so this waits up to a minute or so.
    await eventually(
      async () => {
        const counts = await Promise.all(
          [QueueName.Telemetry, QueueName.Incidents].map((n) =>
            queue(n).getJobCounts('waiting', 'active', 'delayed', 'prioritized'),
          ),
        );
        return counts.every((c) => Object.values(c).every((n) => n === 0));
      },
      100_000,
      'the telemetry and incidents queues to drain after the restart',
    );
    expect(await queue(QueueName.Telemetry).getJobCounts('completed', 'failed')).toEqual({
      completed: ASSETS / PER_JOB,
      failed: 0,
    });
    expect((await queue(QueueName.Incidents).getJobCounts('failed')).failed).toBe(0);

    const rows = (
      await db.query<{
        asset_id: string;
        incident_id: string;
        status: string;
        incident_severity: string;
        type: string;
        severity: string | null;
        at: Date;
        transition_id: string | null;
      }>(
        `SELECT i.asset_id, i.id AS incident_id, i.status, i.severity AS incident_severity, e.type,
                coalesce(e.data->>'severity', e.data->>'to') AS severity, e.at, e.transition_id
           FROM incidents i JOIN incident_events e ON e.incident_id = i.id
          ORDER BY i.opened_at, e.at, e.id`,
      )
    ).rows;
    const applied = await queue(QueueName.Incidents).getCompleted(0, 5000);
    const stalled = (
      await redis.xrange(`${redisKeys(env.redisPrefix).bull}:incidents:events`, '-', '+')
    ).filter(([, f]) => f[1] === 'stalled');

    // Counted, not guessed: one entry per transition, none twice, none without its transition.
    expect.soft(applied.length, 'transitions enqueued').toBe(EXPECTED_ENTRIES);
    expect.soft(rows.length, 'timeline entries').toBe(EXPECTED_ENTRIES);
    expect.soft(rows.filter((r) => r.transition_id === null)).toEqual([]);
    expect.soft(new Set(rows.map((r) => r.transition_id)).size).toBe(rows.length);
    const duplicates = (
      await db.query(
        `SELECT incident_id, type, at, count(*)::int AS n FROM incident_events
          GROUP BY incident_id, type, at HAVING count(*) > 1`,
      )
    ).rows;
    expect.soft(duplicates).toEqual([]);

    const byAsset = new Map<
      string,
      Map<string, { status: string; severity: string; timeline: string[] }>
    >();
    for (const r of rows) {
      const incidents = byAsset.get(r.asset_id) ?? new Map();
      byAsset.set(r.asset_id, incidents);
      const incident = incidents.get(r.incident_id) ?? {
        status: r.status,
        severity: r.incident_severity,
        timeline: [],
      };
      incidents.set(r.incident_id, incident);
      incident.timeline.push(
        `${r.type}(${r.severity ?? '-'})@${(new Date(r.at).getTime() - T0) / 60_000}`,
      );
    }
    const howApplied = (assetId: string) =>
      applied
        .filter((j: Job) => (j.data as { assetId: string }).assetId === assetId)
        .sort((a, b) => (a.processedOn ?? 0) - (b.processedOn ?? 0))
        .map((j) => {
          const t = j.data as { kind: string; severity: string | null; at: number };
          return `${t.kind}(${t.severity ?? '-'})@${(t.at - T0) / 60_000} at ${new Date(j.processedOn ?? 0).toISOString().slice(11, 23)}${j.attemptsMade > 1 ? ` (${j.attemptsMade} attempts)` : ''}`;
        })
        .join('; ');
    const wrong: string[] = [];
    for (let i = 0; i < ASSETS; i++) {
      const { status, severity, timeline } = group(i);
      const got = [...(byAsset.get(sensor(i))?.values() ?? [])];
      if (JSON.stringify(got) !== JSON.stringify([{ status, severity, timeline }]))
        wrong.push(`${sensor(i)}: ${JSON.stringify(got)}\n    applied: ${howApplied(sensor(i))}`);
    }
    expect(
      wrong,
      `killed with ${appliedWhenKilled} of ${EXPECTED_ENTRIES} entries applied; running then: ` +
        `${activeWhenKilled.map((j) => j.id).join(', ') || 'none'}; stalled jobs moved back: ${stalled.length}\n` +
        `keys whose incidents differ:\n${wrong.join('\n')}\n`,
    ).toEqual([]);
  }, 150_000);
});
