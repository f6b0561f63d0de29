import {
  type Incident,
  type IncidentPage,
  JobName,
  LiveEvent,
  QueueName,
  type Reading,
  type RuleDetail,
  redisKeys,
} from '@cityops/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { type Socket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './support/api-client.js';
import { BackendProcess, assertBackendBuilt, freePort } from './support/built-backend.js';
import { ASSET_HEADER, TEST_SECRET } from './support/pipeline-harness.js';
import { TestEnv, eventually } from './support/test-env.js';

/*
 * Two API processes and two worker processes, built (dist/main.js ×2, dist/worker.js ×2), on one
 * Redis prefix, InfluxDB database and PostgreSQL database: the deployment docs/architecture.md
 * describes. The same readings arrive more than once (the same batch again, overlapping batches
 * under other job ids, as two collector replicas would send them), both API processes schedule the
 * tick path, and both workers consume every queue. Whatever the interleaving, each alert
 * transition must be applied once, each key must have exactly the incidents its readings call for,
 * and each tick must be evaluated once.
 */

const T0 = Date.parse('2026-11-26T08:00:00+08:00');
const minute = (n: number) => T0 + n * 60_000;

/** Keys with one incident whose severity moves: raised blue, orange, red, orange again. */
const STEADY = Array.from({ length: 24 }, (_, i) => `IS-S${String(i + 1).padStart(3, '0')}`);
const STEADY_TEMPS = [20.5, 17.4, 15.2, 11.5, 14.0, 14.1, 14.2, 14.3];
/** Keys whose condition clears and comes back: two incidents, the second one open. */
const RECURRING = Array.from({ length: 16 }, (_, i) => `IS-R${String(i + 1).padStart(3, '0')}`);
const RECURRING_TEMPS = [20.5, 17.4, 15.2, 19.0, 19.3, 17.0, 15.5, 15.6];
/** Underpasses that never report: the no-data rule (tick path) raises each once. */
const SILENT = ['UP-M001', 'UP-M002', 'UP-M003'];

const NO_DATA_RULE = 'waterlogging-sensor-offline';

const ASSETS = [
  ...[...STEADY, ...RECURRING].map(
    (id, i) => `${id},heating,indoor_sensor,多进程测试 ${id},,${117.19 + i * 0.0005},39.119,`,
  ),
  ...SILENT.map(
    (id, i) => `${id},waterlogging,underpass,多进程下穿 ${id},,${117.2 + i * 0.001},39.13,`,
  ),
].join('\n');

/** The readings of minutes [from, to] of every fast-path sensor: one collector batch. */
function batch(from: number, to: number): Reading[] {
  const readings: Reading[] = [];
  for (const [ids, temps] of [
    [STEADY, STEADY_TEMPS],
    [RECURRING, RECURRING_TEMPS],
  ] as const)
    for (const sensorId of ids)
      for (let m = from; m <= to; m++)
        readings.push({ sensorId, ts: minute(m), metrics: { indoorTempC: temps[m]! } });
  return readings;
}

type Entry = [type: string, severity: string | null, at: number];
/** What each key's incidents and timelines must be, oldest incident first. */
type Expected = { status: string; severity: string; timeline: Entry[] };
const EXPECTED: Record<'steady' | 'recurring', Expected[]> = {
  steady: [
    {
      status: 'open',
      severity: 'orange',
      timeline: [
        ['opened', 'blue', minute(1)],
        ['severity_changed', 'orange', minute(2)],
        ['severity_changed', 'red', minute(3)],
        ['severity_changed', 'orange', minute(4)],
      ],
    },
  ],
  recurring: [
    {
      status: 'resolved',
      severity: 'orange',
      timeline: [
        ['opened', 'blue', minute(1)],
        ['severity_changed', 'orange', minute(2)],
        ['resolved', null, minute(3)],
      ],
    },
    {
      status: 'open',
      severity: 'orange',
      timeline: [
        ['opened', 'blue', minute(5)],
        ['severity_changed', 'orange', minute(6)],
      ],
    },
  ],
};
const EXPECTED_FAST_TRANSITIONS =
  STEADY.length * EXPECTED.steady[0]!.timeline.length +
  RECURRING.length * EXPECTED.recurring.reduce((n, i) => n + i.timeline.length, 0);

interface EventRow {
  key: string;
  incident_id: string;
  status: string;
  incident_severity: string;
  type: string;
  severity: string | null;
  at: Date;
  transition_id: string | null;
}

describe('two API processes and two workers on one PostgreSQL, Redis and InfluxDB', () => {
  let env: TestEnv;
  const processes: BackendProcess[] = [];
  const apis: ApiClient[] = [];
  let redis: Redis;
  let db: pg.Client;
  const queues = new Map<string, Queue>();
  const sockets: Socket[] = [];
  /** incident.opened ids per API process's Socket.IO client. */
  const opened: string[][] = [[], []];
  let bothSchedulingSince = 0;

  const queue = (name: QueueName) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: redis, prefix: redisKeys(env.redisPrefix).bull });
      queues.set(name, q);
    }
    return q;
  };
  const outputs = () => processes.map((p) => p.output()).join('\n');
  const drained = async (name: QueueName) => {
    const counts = await queue(name).getJobCounts(
      'waiting',
      'active',
      'delayed',
      'prioritized',
      'failed',
    );
    if (counts.failed) throw new Error(`${counts.failed} ${name} jobs failed\n${outputs()}`);
    return Object.entries(counts).every(([state, n]) => state === 'failed' || n === 0);
  };
  const rows = async <T extends object>(sql: string, params: unknown[] = []) =>
    (await db.query(sql, params)).rows as T[];

  beforeAll(async () => {
    assertBackendBuilt();
    env = await TestEnv.create('postgres');
    const ports = [await freePort(), await freePort()];
    const vars = (extra: Record<string, string>) =>
      env.vars({
        ALERT_TICKS: 'on',
        AUTH_SECRET: TEST_SECRET,
        HOST: '127.0.0.1',
        WORKERS_IN_API: 'false',
        // Watch mode speeds the no-data rule's ticks up tenfold (30 s → its 5 s floor): several
        // tick slots fit into the test.
        WATCH_CADENCE_FACTOR: '10',
        ...extra,
      });
    // All four at once, as a deployment starts them: migrations and seeding must not collide.
    processes.push(
      BackendProcess.start('api-1', 'api', vars({ PORT: String(ports[0]) })),
      BackendProcess.start('api-2', 'api', vars({ PORT: String(ports[1]) })),
      BackendProcess.start('worker-1', 'worker', vars({})),
      BackendProcess.start('worker-2', 'worker', vars({})),
    );
    for (const port of ports) apis.push(new ApiClient(`http://127.0.0.1:${port}`));
    await Promise.all(apis.map((api, i) => processes[i]!.ready(api.baseUrl)));
    bothSchedulingSince = Date.now();

    redis = env.redis();
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    // Both workers consume every queue; the API processes consume none (WORKERS_IN_API=false).
    await eventually(
      async () => {
        for (const p of processes) if (!p.running) throw new Error(`${p.name} exited`);
        const counts = await Promise.all(
          [QueueName.Telemetry, QueueName.Incidents, QueueName.Ticks].map((n) =>
            queue(n).getWorkersCount(),
          ),
        );
        return counts.every((n) => n === 2);
      },
      60_000,
      'two workers on each queue',
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${outputs()}`);
    });

    await apis[0]!.login('admin', 'test-admin-password');
    apis[1]!.token = apis[0]!.token;

    // The no-data rule for underpasses: 2 intervals of 6 s, one less under a rainstorm watch.
    const current = await apis[0]!.get<RuleDetail>(`/api/rules/${NO_DATA_RULE}`);
    expect(current.status).toBe(200);
    const rule = current.body.rule as Extract<RuleDetail['rule'], { type: 'no_data' }>;
    const updated = await apis[0]!.request('PUT', `/api/rules/${NO_DATA_RULE}`, {
      ...rule,
      intervals: 2,
      expectedIntervalSec: { ...rule.expectedIntervalSec, underpass: 6 },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    const watch = await apis[1]!.post('/api/watch', {
      kind: 'rainstorm',
      scope: 'city',
      reason: 'multi-process test: faster ticks',
    });
    expect(watch.status, JSON.stringify(watch.body)).toBe(201);

    const imported = await apis[0]!.post<{ imported: number; rejected: unknown[] }>(
      '/api/assets/import',
      `${ASSET_HEADER}\n${ASSETS}\n`,
      'text/csv',
    );
    expect(imported.body).toMatchObject({
      imported: STEADY.length + RECURRING.length + SILENT.length,
      rejected: [],
    });

    for (const [i, api] of apis.entries()) {
      const socket = io(api.baseUrl, {
        path: '/socket.io',
        auth: { token: api.token },
        transports: ['websocket'],
      });
      socket.on(LiveEvent.IncidentOpened, (incident: Incident) => opened[i]!.push(incident.id));
      sockets.push(socket);
    }
    await eventually(async () => sockets.every((s) => s.connected), 10_000, 'socket connections');
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const q of queues.values()) await q.close();
    redis?.disconnect();
    await db?.end();
    await Promise.all(processes.map((p) => p.stop()));
    await env?.dispose();
  }, 60_000);

  it('applies the same and overlapping batches from both replicas once: exact incidents and timelines', async () => {
    const telemetry = queue(QueueName.Telemetry);
    const job = (jobId: string, readings: Reading[]) => ({
      name: JobName.EvaluateReadings,
      data: { source: 'test', readings },
      opts: { jobId },
    });
    // Collector replica 1 and replica 2 send the same batches under their own job ids; replica 1
    // sends its first batch a second time (the same job id: a retried enqueue).
    await telemetry.addBulk([
      job('replica-1|A', batch(0, 3)),
      job('replica-2|A', batch(0, 3)),
      job('replica-1|B', batch(2, 5)),
      job('replica-2|B', batch(2, 5)),
      job('replica-1|A', batch(0, 3)),
      job('replica-1|C', batch(4, 7)),
      job('replica-2|C', batch(4, 7)),
    ]);
    await eventually(
      async () => (await drained(QueueName.Telemetry)) && (await drained(QueueName.Incidents)),
      30_000,
      'the telemetry and incidents queues to drain',
    );

    const events = await rows<EventRow>(
      `SELECT i.key, i.id AS incident_id, i.status, i.severity AS incident_severity, e.type,
              coalesce(e.data->>'severity', e.data->>'to') AS severity, e.at, e.transition_id
         FROM incident_events e JOIN incidents i ON i.id = e.incident_id
        WHERE i.rule_id = 'indoor-temp-low'
        ORDER BY i.opened_at, e.at, e.id`,
    );
    // Not one timeline entry twice: by transition, and by what it says.
    const twice = await rows(
      `SELECT transition_id, count(*)::int AS n FROM incident_events
        WHERE transition_id IS NOT NULL GROUP BY transition_id HAVING count(*) > 1`,
    );
    expect.soft(twice).toEqual([]);
    const sameEntry = await rows(
      `SELECT incident_id, type, at, count(*)::int AS n FROM incident_events
        GROUP BY incident_id, type, at HAVING count(*) > 1`,
    );
    expect.soft(sameEntry).toEqual([]);
    // One active incident per key, at most.
    const activeTwice = await rows(
      `SELECT key, count(*)::int AS n FROM incidents WHERE status <> 'resolved'
        GROUP BY key HAVING count(*) > 1`,
    );
    expect.soft(activeTwice).toEqual([]);

    // The fast path enqueued each transition once (ids are deterministic): no more, no fewer.
    const applied = (await queue(QueueName.Incidents).getCompleted(0, 5000)).filter(
      (j) => (j.data as { ruleId?: string }).ruleId === 'indoor-temp-low',
    );
    expect.soft(applied.length, 'transitions enqueued and applied').toBe(EXPECTED_FAST_TRANSITIONS);
    expect.soft(events.length, 'timeline entries').toBe(EXPECTED_FAST_TRANSITIONS);
    expect.soft(events.filter((e) => e.transition_id === null)).toEqual([]);

    // Every key has exactly the incidents and timeline entries its readings call for.
    const actual = new Map<string, Map<string, Expected>>();
    for (const e of events) {
      const incidents = actual.get(e.key) ?? new Map<string, Expected>();
      actual.set(e.key, incidents);
      const incident = incidents.get(e.incident_id) ?? {
        status: e.status,
        severity: e.incident_severity,
        timeline: [],
      };
      incidents.set(e.incident_id, incident);
      incident.timeline.push([e.type, e.severity, new Date(e.at).getTime()]);
    }
    expect.soft(actual.size).toBe(STEADY.length + RECURRING.length);
    // For a key that came out wrong: its transitions in the order the workers took them.
    const firstStart = Math.min(...applied.map((j) => j.processedOn ?? Infinity));
    const howApplied = (assetId: string) =>
      applied
        .filter((j) => (j.data as { assetId: string }).assetId === assetId)
        .sort((a, b) => (a.processedOn ?? 0) - (b.processedOn ?? 0))
        .map((j) => {
          const t = j.data as { kind: string; severity: string | null; at: number };
          return (
            `${t.kind}(${t.severity ?? '-'})@min${(t.at - T0) / 60_000} ` +
            `started +${(j.processedOn ?? 0) - firstStart} ms, done +${(j.finishedOn ?? 0) - firstStart} ms` +
            (j.attemptsMade > 1 ? `, ${j.attemptsMade} attempts` : '')
          );
        })
        .join('; ');
    const minutes = (list: Expected[]) =>
      list.map((i) => ({
        ...i,
        timeline: i.timeline.map(
          ([type, severity, at]) => `${type}(${severity ?? '-'})@min${(at - T0) / 60_000}`,
        ),
      }));
    const wrong: string[] = [];
    for (const [ids, expected] of [
      [STEADY, EXPECTED.steady],
      [RECURRING, EXPECTED.recurring],
    ] as const)
      for (const id of ids) {
        const got = [...(actual.get(`indoor-temp-low|${id}`)?.values() ?? [])];
        if (JSON.stringify(got) !== JSON.stringify(expected))
          wrong.push(`${id}: ${JSON.stringify(minutes(got))}\n    applied: ${howApplied(id)}`);
      }
    expect(
      wrong,
      `keys whose incidents differ from ${JSON.stringify({
        steady: minutes(EXPECTED.steady),
        recurring: minutes(EXPECTED.recurring),
      })}:\n${wrong.join('\n')}\n`,
    ).toEqual([]);

    // Both API processes answer with the same incidents.
    const lists = await Promise.all(
      apis.map(
        async (api) =>
          (await api.get<IncidentPage>('/api/incidents?status=open,acknowledged&limit=500')).body
            .items,
      ),
    );
    expect(lists[1]!.map((i) => i.id).sort()).toEqual(lists[0]!.map((i) => i.id).sort());
  }, 60_000);

  it('ignores the whole stream delivered again after it was applied', async () => {
    // Only the fast path's rule: the tick path may raise the silent underpasses meanwhile.
    const fastEntries = async () =>
      (
        await rows<{ n: number }>(
          `SELECT count(*)::int AS n FROM incident_events e JOIN incidents i ON i.id = e.incident_id
            WHERE i.rule_id = 'indoor-temp-low'`,
        )
      )[0]!.n;
    const fastJobs = async () =>
      (await queue(QueueName.Incidents).getCompleted(0, 5000)).filter(
        (j) => (j.data as { ruleId?: string }).ruleId === 'indoor-temp-low',
      ).length;
    const [entriesBefore, jobsBefore] = [await fastEntries(), await fastJobs()];
    await queue(QueueName.Telemetry).add(
      JobName.EvaluateReadings,
      { source: 'test', readings: batch(0, 7) },
      { jobId: 'replica-3|all' },
    );
    await eventually(
      async () =>
        (await queue(QueueName.Telemetry).getJobState('replica-3|all')) === 'completed' &&
        (await drained(QueueName.Incidents)),
      20_000,
      'the replayed batch',
    );
    expect(await fastEntries()).toBe(entriesBefore);
    expect(await fastJobs()).toBe(jobsBefore);
  }, 30_000);

  it('evaluates every tick once although both API processes schedule it', async () => {
    const ticks = queue(QueueName.Ticks);
    const watermarkKey = `${env.redisPrefix}:ticks:at`;
    const tickOf = (jobId: string) => {
      const [, ruleId, at] = jobId.split('|');
      return { ruleId: ruleId!, tickAt: Number(at) };
    };
    // Several slots of the no-data rule (5 s under the watch) after both schedulers were running.
    await eventually(
      async () => {
        const done = (await ticks.getCompleted(0, 1000)).filter(
          (j) => j.id && tickOf(j.id).ruleId === NO_DATA_RULE,
        );
        return done.filter((j) => tickOf(j.id!).tickAt >= bothSchedulingSince).length >= 4;
      },
      45_000,
      'four ticks of the no-data rule',
    );
    // Each silent underpass raised once, by whichever worker evaluated the tick.
    await eventually(
      async () => {
        const open = await rows<{ n: number }>(
          `SELECT count(*)::int AS n FROM incidents WHERE rule_id = $1`,
          [NO_DATA_RULE],
        );
        return open[0]!.n >= SILENT.length && (await drained(QueueName.Incidents));
      },
      20_000,
      'the no-data incidents',
    );
    await eventually(async () => drained(QueueName.Ticks), 20_000, 'the ticks queue to drain');
    const stoppedAt = Date.now();

    const noData = await rows<{ key: string; status: string; types: string[] }>(
      `SELECT i.key, i.status, array_agg(e.type ORDER BY e.id) AS types
         FROM incidents i JOIN incident_events e ON e.incident_id = i.id
        WHERE i.rule_id = $1 GROUP BY i.id, i.key, i.status ORDER BY i.key`,
      [NO_DATA_RULE],
    );
    expect(noData).toEqual(
      SILENT.map((id) => ({ key: `${NO_DATA_RULE}|${id}`, status: 'open', types: ['opened'] })),
    );

    // The queue's own record of every tick job: added once (the other scheduler's add is a
    // "duplicated"), started once per attempt, never stalled, completed once.
    const stream = (await redis.xrange(`${redisKeys(env.redisPrefix).bull}:ticks:events`, '-', '+'))
      .map(([, fields]) => {
        const f: Record<string, string> = {};
        for (let i = 0; i < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
        return f;
      })
      .filter((f) => f.jobId?.startsWith('tick|'));
    const perJob = new Map<string, Record<string, number>>();
    for (const f of stream) {
      const counts = perJob.get(f.jobId!) ?? {};
      counts[f.event!] = (counts[f.event!] ?? 0) + 1;
      perJob.set(f.jobId!, counts);
    }
    // A consistent snapshot: the completed tick jobs and the watermarks, with no tick finishing
    // in between (the schedulers keep going).
    let completed: string[] = [];
    let watermarks: Record<string, string> = {};
    for (let attempt = 0; attempt < 10; attempt++) {
      const before = (await ticks.getCompleted(0, 5000)).map((j) => j.id!);
      watermarks = await redis.hgetall(watermarkKey);
      completed = (await ticks.getCompleted(0, 5000)).map((j) => j.id!);
      if (completed.length === before.length) break;
    }
    expect(completed.length).toBeGreaterThanOrEqual(4);
    const anomalies: string[] = [];
    let scheduledByBoth = 0;
    for (const id of completed) {
      const c = perJob.get(id) ?? {};
      const n = (event: string) => c[event] ?? 0;
      if (n('added') !== 1 || n('completed') !== 1 || n('stalled') !== 0)
        anomalies.push(`${id}: ${JSON.stringify(c)}`);
      else if (n('active') !== 1 + n('delayed'))
        anomalies.push(`${id} started ${n('active')} times, retried ${n('delayed')}`);
      const { tickAt } = tickOf(id);
      if (tickAt >= bothSchedulingSince && tickAt <= stoppedAt - 3_000 && n('duplicated') >= 1)
        scheduledByBoth += 1;
    }
    expect(anomalies).toEqual([]);
    expect(scheduledByBoth, 'tick jobs that the second scheduler found enqueued').toBeGreaterThan(
      0,
    );

    // The watermark of each rule is its newest evaluated tick.
    const newest = new Map<string, number>();
    for (const id of completed) {
      const { ruleId, tickAt } = tickOf(id);
      newest.set(ruleId, Math.max(newest.get(ruleId) ?? 0, tickAt));
    }
    expect(Object.fromEntries(Object.entries(watermarks).map(([k, v]) => [k, Number(v)]))).toEqual(
      Object.fromEntries(newest),
    );

    // Every incident was announced once on each API process's sockets (Redis adapter).
    const ids = (await rows<{ id: string }>('SELECT id FROM incidents ORDER BY id')).map(
      (r) => r.id,
    );
    await eventually(
      async () => opened.every((list) => list.length >= ids.length),
      10_000,
      'incident.opened on both API processes',
    );
    for (const list of opened) expect([...list].sort()).toEqual(ids);
  }, 90_000);
});
