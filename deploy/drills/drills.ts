import { countDeliveries, countIncidents, countJobs, countPoints } from './lib/counting.js';
import { CityLoad, INDOOR_RULE, type LoadOptions } from './lib/load.js';
import {
  deliveryRows,
  eventRows,
  incidentRows,
  settle,
  storedPoints,
  telemetryJobs,
} from './lib/observe.js';
import { sleep, waitFor } from './lib/processes.js';
import type { DrillResult } from './lib/report.js';
import { Stack, type StackOptions } from './lib/stack.js';

export interface DrillContext {
  quick: boolean;
  log: (message: string) => void;
}

export interface Drill {
  number: number;
  /** Its directory under .data/drills/. */
  dir: string;
  title: string;
  run(ctx: DrillContext): Promise<DrillResult>;
}

/** The city every drill runs: 2 heat sources, 100 stations, 1,000 flats (scale 0.05). */
const SCALE = 0.05;
const TICK_MS = 2_000;
const SETTLE_MS = 6 * 60_000;
/** Incident traffic: 3 fresh flats go cold every 10 s and warm again 30 s later. */
const WAVES = { flats: 3, everyMs: 10_000, coldMs: 30_000 };

const meanGap = (times: number[]) =>
  times.length < 2 ? 0 : (times.at(-1)! - times[0]!) / (times.length - 1);
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
const minutes = (ms: number) =>
  ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : seconds(ms);

function loadLabel(load: CityLoad, served: number, ms: number): string {
  const perTick = load.ticks ? Math.round(load.readingsServed / load.ticks) : 0;
  const episodes = load.episodes.length ? `, ${load.episodes.length} incident episodes` : '';
  return `${served.toLocaleString('en')} readings (${perTick.toLocaleString('en')} every ${TICK_MS / 1000} s) over ${minutes(Math.round(ms / 1000) * 1000)}${episodes}`;
}

/** Starts a stack and its load, runs `body`, and always stops every process of the stack. */
async function withStack(
  ctx: DrillContext,
  options: StackOptions,
  loadOptions: LoadOptions,
  body: (stack: Stack, load: CityLoad) => Promise<DrillResult>,
): Promise<DrillResult> {
  const stack = new Stack(options);
  try {
    ctx.log(`starting private Redis, InfluxDB, PostgreSQL and the application in ${stack.dir}`);
    await stack.start();
    const load = new CityLoad(stack, loadOptions);
    await load.start();
    return await body(stack, load);
  } finally {
    ctx.log('stopping every process of the drill');
    await stack.stop();
  }
}

/**
 * Time until a flat made cold now has its incident open and its page at the webhook: the whole
 * path (simulator → collectors → InfluxDB and telemetry queue → worker → PostgreSQL → notification).
 */
async function freshIncidentMs(
  stack: Stack,
  load: CityLoad,
  timeoutMs = 5 * 60_000,
): Promise<number> {
  const started = Date.now();
  const assetId = await load.coldFlat(WAVES.coldMs);
  await waitFor(
    `a fresh incident on ${assetId} to open and page`,
    async () => {
      const rows = await stack.postgres.query(
        `SELECT id FROM incidents WHERE key = '${INDOOR_RULE}|${assetId}'`,
      );
      const id = rows[0]?.[0];
      return id !== undefined && stack.receiver.receipts.some((r) => r.incidentId === id);
    },
    timeoutMs,
    250,
  );
  return Date.now() - started;
}

/** The queues' unfinished jobs once some are in flight, or null after 4 s without any. */
function jobsInFlight(stack: Stack): Promise<Record<string, number> | null> {
  return waitFor(
    'jobs in flight',
    async () => {
      const unfinished = await stack.unfinishedJobs(['telemetry', 'incidents', 'notifications']);
      return Object.values(unfinished).some((n) => n > 0) ? unfinished : undefined;
    },
    4_000,
    20,
  ).catch(() => null);
}

/** Incidents and deliveries against the episodes; the parts of lost and duplicated they give. */
async function incidentCounts(stack: Stack, load: CityLoad) {
  const [incidents, events, deliveries] = await Promise.all([
    incidentRows(stack),
    eventRows(stack),
    deliveryRows(stack),
  ]);
  const ic = countIncidents(load.episodes, incidents, events);
  const dc = countDeliveries(events, deliveries, stack.receiver.receipts);
  const failed = await stack.failedJobs([
    'telemetry',
    'incidents',
    'notifications',
    'ticks',
    'quarantine',
  ]);
  const failedPipeline =
    (failed.telemetry ?? 0) + (failed.incidents ?? 0) + (failed.notifications ?? 0);
  return {
    ic,
    dc,
    lost: ic.lostRaised + ic.lostCleared + ic.halfWritten + dc.lost + failedPipeline,
    duplicated:
      ic.duplicateIncidents +
      ic.duplicateTransitions +
      dc.duplicateRows +
      dc.duplicateNotified +
      dc.repeatedReceipts,
    details: [
      `incidents: ${ic.episodes} episodes (each one raised and one cleared transition) → ${ic.incidents} incidents; ` +
        `lost raised ${ic.lostRaised}, lost cleared ${ic.lostCleared}, half-written ${ic.halfWritten}, ` +
        `duplicate incidents ${ic.duplicateIncidents}, duplicate transitions ${ic.duplicateTransitions}`,
      `deliveries: ${dc.decided} pages decided, ${dc.sent} rows sent, ${dc.received} received; lost ${dc.lost}, ` +
        `duplicate rows ${dc.duplicateRows}, duplicate notified events ${dc.duplicateNotified}, ` +
        `repeated receipts at the webhook ${dc.repeatedReceipts}, bad signatures ${stack.receiver.badSignatures}`,
      `jobs that ended failed (BullMQ gave up; telemetry, incidents and notifications count as lost): ${Object.entries(
        failed,
      )
        .map(([q, n]) => `${q} ${n}`)
        .join(', ')}`,
    ],
  };
}

const influxOutage: Drill = {
  number: 1,
  dir: '1-influxdb-outage',
  title: 'InfluxDB stopped during ingest',
  async run(ctx) {
    const before = ctx.quick ? 15_000 : 30_000;
    const outage = ctx.quick ? 30_000 : 5 * 60_000;
    const after = ctx.quick ? 20_000 : 60_000;
    return withStack(
      ctx,
      { name: this.dir, scale: SCALE, apis: 1, workers: 1 },
      { tickMs: TICK_MS },
      async (stack, load) => {
        const t0 = Date.now();
        await sleep(before);
        ctx.log(`stopping InfluxDB for ${minutes(outage)}`);
        await stack.influx.stop();
        await sleep(outage);
        const spooledAtEnd = (await stack.collectorMetrics()).cityops_collector_spool_points ?? 0;
        await stack.influx.up();
        const back = Date.now();
        const servedAtBack = (
          (await (await fetch(`${stack.simUrl}/health`)).json()) as { newestSeq: number }
        ).newestSeq;
        ctx.log(`InfluxDB is back; ${spooledAtEnd} points in the collectors' spool`);
        // Caught up: the spool replayed and everything served up to the restart accepted and stored.
        await waitFor(
          'the spool to drain',
          async () => {
            const m = await stack.collectorMetrics();
            return (
              (m.cityops_collector_spool_points ?? 1) === 0 &&
              (m.cityops_collector_readings_accepted_total ?? 0) >= servedAtBack
            );
          },
          SETTLE_MS,
          250,
        );
        const recoveryMs = Date.now() - back;
        await sleep(after);
        await load.stop();
        const served = await load.served();
        await settle(stack, served.length, SETTLE_MS);
        const elapsed = Date.now() - t0;
        const pc = countPoints(served, await storedPoints(stack));
        const m = await stack.collectorMetrics();
        const written = m.cityops_collector_points_written_total ?? 0;
        return {
          drill: '1. InfluxDB outage',
          load: loadLabel(load, served.length, elapsed),
          faults: `InfluxDB stopped for ${minutes(outage)} during ingest`,
          lost: pc.lost,
          duplicated: pc.duplicated + pc.unexpected,
          recoveryMs,
          recoveryNote: 'spool drained',
          passed: pc.lost === 0 && pc.duplicated + pc.unexpected === 0,
          details: [
            `points: ${pc.expected} readings served, ${pc.stored} points in InfluxDB; lost ${pc.lost}, same point twice ${pc.duplicated}, points no reading explains ${pc.unexpected}`,
            `collectors: ${m.cityops_collector_points_spooled_total ?? 0} points spooled (${spooledAtEnd} in the spool when InfluxDB came back), ${written} points written, ${m.cityops_collector_write_errors_total ?? 0} failed writes; ${Math.max(0, written - pc.stored)} points written more than once (harmless: same series and time)`,
          ],
        };
      },
    );
  },
};

const workerKills: Drill = {
  number: 2,
  dir: '2-worker-kill',
  title: 'a worker kill -9ed repeatedly',
  async run(ctx) {
    const duration = ctx.quick ? 80_000 : 4 * 60_000;
    const every = 15_000;
    return withStack(
      ctx,
      { name: this.dir, scale: SCALE, apis: 1, workers: 1 },
      { tickMs: TICK_MS, waves: { ...WAVES } },
      async (stack, load) => {
        const t0 = Date.now();
        let kills = 0;
        const killedAt: number[] = [];
        let midJob = 0;
        while (Date.now() - t0 < duration - every) {
          // Into the middle of the work: when jobs are in flight (a tick's readings being
          // evaluated, a wave's transitions and pages), or after 4 s of waiting for that.
          await sleep(every - 2_000);
          const victim = stack.workers.at(-1)!;
          const busy = await jobsInFlight(stack);
          if (busy) midJob++;
          await victim.kill();
          killedAt.push(Date.now());
          kills++;
          ctx.log(
            `kill -9 worker (pid ${victim.pid}), ${kills} so far; unfinished jobs then ${JSON.stringify(busy)}`,
          );
          await stack.startWorker();
        }
        const recoveryMs = await freshIncidentMs(stack, load);
        await sleep(Math.max(0, duration - (Date.now() - t0)));
        await load.stop();
        const served = await load.served();
        await settle(stack, served.length, SETTLE_MS);
        const counts = await incidentCounts(stack, load);
        return {
          drill: '2. worker kill -9',
          load: loadLabel(load, served.length, Date.now() - t0),
          faults: `worker kill -9 ${kills}× (every ${seconds(meanGap(killedAt))} on average, ${midJob} with jobs in flight), a new worker started after each`,
          lost: counts.lost,
          duplicated: counts.duplicated,
          recoveryMs,
          recoveryNote: 'last kill → fresh incident paged',
          passed: counts.lost === 0 && counts.duplicated === 0,
          details: counts.details,
        };
      },
    );
  },
};

const redisRestart: Drill = {
  number: 3,
  dir: '3-redis-restart',
  title: 'Redis restarted (AOF)',
  async run(ctx) {
    const before = ctx.quick ? 20_000 : 45_000;
    const outage = ctx.quick ? 10_000 : 30_000;
    const after = ctx.quick ? 30_000 : 60_000;
    return withStack(
      ctx,
      { name: this.dir, scale: SCALE, apis: 1, workers: 1 },
      { tickMs: TICK_MS, waves: { ...WAVES } },
      async (stack, load) => {
        const t0 = Date.now();
        await sleep(before);
        // With work in flight: a tick's readings or a wave's transitions in the queues.
        const unfinished = await jobsInFlight(stack);
        ctx.log(
          `kill -9 Redis for ${seconds(outage)}; unfinished jobs then ${JSON.stringify(unfinished)}`,
        );
        await stack.redis.crash();
        await sleep(outage);
        await stack.redis.up();
        const recoveryMs = await freshIncidentMs(stack, load);
        await sleep(after);
        await load.stop();
        const served = await load.served();
        await settle(stack, served.length, SETTLE_MS);
        const jc = countJobs(served, await telemetryJobs(stack));
        const pc = countPoints(served, await storedPoints(stack));
        const counts = await incidentCounts(stack, load);
        const lost = jc.lostReadings + pc.lost + counts.lost;
        const duplicated =
          jc.duplicatedReadings + pc.duplicated + pc.unexpected + counts.duplicated;
        return {
          drill: '3. Redis restart',
          load: loadLabel(load, served.length, Date.now() - t0),
          faults: `Redis kill -9 (appendfsync always), down ${seconds(outage)}, restarted on its AOF`,
          lost,
          duplicated,
          recoveryMs,
          recoveryNote: 'restart → fresh incident paged',
          passed: lost === 0 && duplicated === 0,
          details: [
            `telemetry jobs: ${jc.jobs} kept, ${jc.completed} completed, ${jc.notCompleted} failed or unfinished; readings in no completed job ${jc.lostReadings}, readings evaluated by two jobs ${jc.duplicatedReadings}`,
            `points: ${pc.expected} served, ${pc.stored} stored; lost ${pc.lost}, duplicated ${pc.duplicated + pc.unexpected}`,
            ...counts.details,
          ],
        };
      },
    );
  },
};

interface Probe {
  at: number;
  path: string;
  status: number;
  ms: number;
  /** 2xx, or a 5xx with the backend's JSON error shape. */
  clean: boolean;
  note: string;
}

const REQUEST_BOUND_MS = 15_000;

/** One API request, judged: a success, a clean failure (5xx JSON error, in time), or not clean. */
async function probe(stack: Stack, method: string, path: string, body?: unknown): Promise<Probe> {
  const at = Date.now();
  try {
    const r = await stack.api(method, path, body, { timeoutMs: REQUEST_BOUND_MS });
    const shaped =
      typeof r.body === 'object' &&
      r.body !== null &&
      'statusCode' in r.body &&
      'message' in r.body;
    const ok = r.status >= 200 && r.status < 300;
    const clean = ok || (r.status >= 500 && shaped);
    return {
      at,
      path,
      status: r.status,
      ms: r.ms,
      clean,
      note: ok ? 'ok' : JSON.stringify(r.body).slice(0, 160),
    };
  } catch (error) {
    return {
      at,
      path,
      status: 0,
      ms: Date.now() - at,
      clean: false,
      note: String(error).slice(0, 160),
    };
  }
}

const postgresRestart: Drill = {
  number: 4,
  dir: '4-postgres-restart',
  title: 'PostgreSQL restarted during incident traffic',
  async run(ctx) {
    const before = ctx.quick ? 20_000 : 45_000;
    const outage = ctx.quick ? 20_000 : 60_000;
    const after = ctx.quick ? 30_000 : 60_000;
    return withStack(
      ctx,
      { name: this.dir, scale: SCALE, apis: 1, workers: 1 },
      { tickMs: TICK_MS, waves: { ...WAVES } },
      async (stack, load) => {
        const t0 = Date.now();
        await sleep(before);
        const target = (
          await stack.postgres.query('SELECT id FROM incidents ORDER BY opened_at LIMIT 1')
        )[0]?.[0];
        if (!target)
          throw new Error(
            'no incident opened before the fault: the incident traffic did not get through',
          );
        const probes: Probe[] = [];
        let probing = true;
        const prober = (async () => {
          for (let i = 0; probing; i++) {
            probes.push(
              await (i % 2 === 0
                ? probe(stack, 'GET', '/api/incidents?limit=20')
                : probe(stack, 'POST', `/api/incidents/${target}/comments`, {
                    text: `drill probe ${i}`,
                  })),
            );
            await sleep(500);
          }
        })();
        await sleep(5_000);
        ctx.log(`crashing PostgreSQL (pg_ctl stop -m immediate) for ${seconds(outage)}`);
        await stack.postgres.crash();
        const down = Date.now();
        await sleep(outage);
        await stack.postgres.up();
        const back = Date.now();
        ctx.log('PostgreSQL is back');
        const apiBackMs = await waitFor(
          'a successful API request',
          async () => {
            const ok = probes.find((p) => p.at >= back && p.status >= 200 && p.status < 300);
            return ok ? ok.at + ok.ms - back : undefined;
          },
          SETTLE_MS,
          200,
        );
        const pipelineMs = await freshIncidentMs(stack, load);
        await sleep(after);
        probing = false;
        await prober;
        await load.stop();
        const served = await load.served();
        await settle(stack, served.length, SETTLE_MS);
        const counts = await incidentCounts(stack, load);
        const during = probes.filter((p) => p.at >= down && p.at < back);
        const unclean = probes.filter((p) => !p.clean);
        const slowest = Math.max(0, ...during.map((p) => p.ms));
        const statuses = [...new Set(during.map((p) => p.status))].sort().join(', ');
        const failure = during.find((p) => p.status >= 500);
        return {
          drill: '4. PostgreSQL restart',
          load: loadLabel(load, served.length, Date.now() - t0),
          faults: `PostgreSQL crashed (immediate stop), down ${seconds(outage)}, started again; ${probes.length} API requests alongside`,
          lost: counts.lost,
          duplicated: counts.duplicated,
          recoveryMs: apiBackMs,
          recoveryNote: `first API success; fresh incident paged after ${(pipelineMs / 1000).toFixed(1)} s`,
          passed: counts.lost === 0 && counts.duplicated === 0 && unclean.length === 0,
          details: [
            `API during the outage: ${during.length} requests, statuses ${statuses || 'none'}, slowest answer ${Math.round(slowest)} ms (bound ${REQUEST_BOUND_MS / 1000} s)` +
              (failure ? `, e.g. ${failure.path} → ${failure.status} ${failure.note}` : '') +
              `; requests not failing cleanly (no answer, a non-JSON error, a 4xx) over the whole drill: ${unclean.length}` +
              (unclean.length
                ? ` e.g. ${unclean
                    .slice(0, 3)
                    .map((p) => `${p.path} → ${p.status} ${p.note}`)
                    .join('; ')}`
                : ''),
            ...counts.details,
          ],
        };
      },
    );
  },
};

const replicas: Drill = {
  number: 5,
  dir: '5-replicas',
  title: 'two API and two worker processes',
  async run(ctx) {
    const duration = ctx.quick ? 60_000 : 2 * 60_000;
    return withStack(
      ctx,
      { name: this.dir, scale: SCALE, apis: 2, workers: 2 },
      { tickMs: TICK_MS, waves: { ...WAVES } },
      async (stack, load) => {
        const t0 = Date.now();
        let requests = 0;
        let failed = 0;
        while (Date.now() - t0 < duration) {
          // Reads through both APIs while the workers share the queues.
          for (let i = 0; i < stack.apis.length; i++) {
            const r = await stack.api('GET', '/api/incidents?limit=20', undefined, { index: i });
            requests++;
            if (r.status !== 200) failed++;
          }
          await sleep(2_000);
        }
        await load.stop();
        const served = await load.served();
        await settle(stack, served.length, SETTLE_MS);
        const jc = countJobs(served, await telemetryJobs(stack));
        const pc = countPoints(served, await storedPoints(stack));
        const counts = await incidentCounts(stack, load);
        const lost = counts.lost + jc.lostReadings + pc.lost;
        const duplicated =
          counts.duplicated + jc.duplicatedReadings + pc.duplicated + pc.unexpected;
        return {
          drill: '5. 2 API + 2 workers',
          load: loadLabel(load, served.length, Date.now() - t0),
          faults: 'none: two API and two worker processes for the whole drill',
          lost,
          duplicated,
          recoveryMs: null,
          recoveryNote: 'no fault',
          passed: lost === 0 && duplicated === 0 && failed === 0,
          details: [
            `API: ${requests} requests across both processes, ${failed} not 200`,
            `telemetry jobs: ${jc.completed} completed; readings in no completed job ${jc.lostReadings}, evaluated twice ${jc.duplicatedReadings}; points lost ${pc.lost}, duplicated ${pc.duplicated + pc.unexpected}`,
            ...counts.details,
          ],
        };
      },
    );
  },
};

export const DRILLS: readonly Drill[] = [
  influxOutage,
  workerKills,
  redisRestart,
  postgresRestart,
  replicas,
];
