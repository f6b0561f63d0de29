import {
  INFLUX_MEASUREMENTS,
  INFLUX_RETENTION,
  JobName,
  QueueName,
  type SanitationCase,
  type WatchList,
  redisKeys,
} from '@cityops/contracts';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuleBusyError, TickService } from '../../src/modules/alerting/tick/tick.service.js';
import { TickScheduler } from '../../src/modules/alerting/tick/tick-scheduler.js';
import { TickStateRepository } from '../../src/modules/alerting/tick/tick-state.repository.js';
import { cadenceMs, ticks, tickTime } from '../../src/modules/alerting/tick/tick-cadence.js';
import { RulesService } from '../../src/modules/rules/rules.service.js';
import { WatchService } from '../../src/modules/watch/watch.service.js';
import { PipelineHarness } from './support/pipeline-harness.js';
import { DATABASE_KINDS } from './support/test-env.js';

const MIN = 60_000;
// The scheduler is off: each test drives the ticks it needs, at the tick times it chooses.
const NO_SCHEDULER = { ALERT_TICKS: 'off' };

const ASSETS = [
  'HS-0001,heating,heat_station,换热站 一,120101,117.20,39.12,',
  'HS-0002,heating,heat_station,换热站 二,120101,117.21,39.12,',
  'RG-0001,waterlogging,rain_gauge,雨量站 一,120103,117.30,39.10,',
  'RG-0002,waterlogging,rain_gauge,雨量站 二,120104,117.15,39.10,',
].join('\n');

describe.each(DATABASE_KINDS)('tick path: rules evaluated on a cadence (%s)', (kind) => {
  let h: PipelineHarness;
  let tick: TickService;

  beforeAll(async () => {
    h = await PipelineHarness.start(kind, ASSETS, NO_SCHEDULER);
    tick = h.app.get(TickService);
  });

  afterAll(async () => {
    await h?.stop();
  });

  /** Points into raw.<measurement>, as the collectors write them. */
  async function writePoints(
    domain: keyof typeof INFLUX_MEASUREMENTS,
    tags: { assetId: string; kind: string; district: string },
    points: { ts: number; field: string; value: number }[],
  ): Promise<void> {
    const url = new URL('/write', h.env.influxUrl);
    url.searchParams.set('db', h.env.influxDatabase);
    url.searchParams.set('rp', INFLUX_RETENTION.raw.name);
    url.searchParams.set('precision', 'ms');
    const tagText = `assetId=${tags.assetId},district=${tags.district},kind=${tags.kind}`;
    const body = points
      .map((p) => `${INFLUX_MEASUREMENTS[domain]},${tagText} ${p.field}=${p.value} ${p.ts}`)
      .join('\n');
    const response = await fetch(url, { method: 'POST', body });
    expect(response.status, await response.text()).toBe(204);
  }

  async function tickAndApply(ruleId: string, at: number) {
    const outcome = await tick.evaluate(ruleId, at);
    await h.drainIncidents();
    return outcome;
  }

  it('raises an offline asset once, at the event time its silence reached three intervals, and clears it when data returns', async () => {
    const now = Math.floor(Date.now() / MIN) * MIN;
    const heating = (assetId: string) => ({ assetId, kind: 'heat_station', district: '120101' });
    // HS-0001 last reported 20 minutes ago (limit: 3 × 5 min); HS-0002 two minutes ago.
    await writePoints('heating', heating('HS-0001'), [
      { ts: now - 25 * MIN, field: 'supplyTempC', value: 70 },
      { ts: now - 20 * MIN, field: 'supplyTempC', value: 70 },
    ]);
    await writePoints('heating', heating('HS-0002'), [
      { ts: now - 2 * MIN, field: 'supplyTempC', value: 70 },
    ]);

    const first = await tickAndApply('heating-sensor-offline', now);
    expect(first.status).toBe('evaluated');
    expect(first.transitions.map((t) => [t.assetId, t.kind, t.at])).toEqual([
      ['HS-0001', 'raised', now - 5 * MIN],
    ]);
    const incident = await h.incidentOf('HS-0001');
    expect(incident).toMatchObject({ ruleId: 'heating-sensor-offline', severity: 'blue' });
    expect(await h.incidentOf('HS-0002')).toBeUndefined();

    // The same tick again, and a later tick with nothing new: no transition, no timeline entry.
    expect((await tickAndApply('heating-sensor-offline', now)).reason).toBe('already evaluated');
    expect((await tickAndApply('heating-sensor-offline', now + 30_000)).transitions).toEqual([]);
    expect(await tick.evaluate('heating-sensor-offline', now - MIN)).toMatchObject({
      status: 'skipped',
      reason: 'already evaluated',
    });

    // Data returns: cleared at the event time of the first reading after the silence.
    await writePoints('heating', heating('HS-0001'), [
      { ts: now + 40_000, field: 'supplyTempC', value: 69 },
    ]);
    const back = await tickAndApply('heating-sensor-offline', now + 60_000);
    expect(back.transitions.map((t) => [t.assetId, t.kind, t.at])).toEqual([
      ['HS-0001', 'cleared', now + 40_000],
    ]);
    const detail = await h.detail(incident!.id);
    expect(detail.status).toBe('resolved');
    expect(detail.timeline.map((e) => e.type)).toEqual(['opened', 'resolved']);
  });

  it('sums rainfall over the CMA windows in one grouped query, raises the signal level and starts a rainstorm watch', async () => {
    const now = Math.floor(Date.now() / MIN) * MIN;
    const gauge = (assetId: string, district: string) => ({
      assetId,
      kind: 'rain_gauge',
      district,
    });
    // 30 mm/h for the last two hours: 60 mm within 3 h (orange: ≥ 50 mm in 3 h; red needs 100).
    const heavy = Array.from({ length: 121 }, (_, i) => ({
      ts: now - 120 * MIN + i * MIN,
      field: 'rainfallMmH',
      value: 30,
    }));
    const light = heavy.map((p) => ({ ...p, value: 5 }));
    await writePoints('waterlogging', gauge('RG-0001', '120103'), heavy);
    await writePoints('waterlogging', gauge('RG-0002', '120104'), light);

    const outcome = await tickAndApply('rainstorm-signal', now);
    expect(outcome.transitions).toHaveLength(1);
    expect(outcome.transitions[0]).toMatchObject({ assetId: 'RG-0001', severity: 'orange' });
    expect(outcome.transitions[0]!.value).toBeCloseTo(60, 0);
    const incident = await h.incidentOf('RG-0001');
    expect(incident).toMatchObject({ severity: 'orange', metric: 'rainfallMmH' });
    expect(await h.incidentOf('RG-0002')).toBeUndefined();

    // A signal at yellow or above puts the gauge's district under rainstorm watch.
    const watches = (await h.api.get<WatchList>('/api/watch')).body;
    expect(watches.active).toEqual([
      expect.objectContaining({ kind: 'rainstorm', scope: '120103', startedBy: 'system' }),
    ]);
  });

  it('raises a case past its time limit, names it by the case, and resolves it when the case is closed', async () => {
    const now = Date.now();
    const overdue: SanitationCase = {
      id: 'SC-TICK-0001',
      category: 'toilet',
      source: 'hotline',
      status: 'open',
      reportedAt: now - 30 * 60 * MIN,
      updatedAt: now - 30 * 60 * MIN,
      dueAt: now - 6 * 60 * MIN,
      lng: 117.2,
      lat: 39.12,
      district: '120101',
      description: '公厕堵塞',
    };
    const inTime = { ...overdue, id: 'SC-TICK-0002', reportedAt: now - 60 * MIN };
    await h.cases([overdue, inTime]);

    const raised = await tickAndApply('case-limit-toilet', now);
    expect(raised.transitions.map((t) => [t.assetId, t.kind, t.at])).toEqual([
      ['SC-TICK-0001', 'raised', overdue.reportedAt + 24 * 60 * MIN],
    ]);
    const incident = await h.incidentOf('SC-TICK-0001');
    expect(incident).toMatchObject({
      domain: 'sanitation',
      district: '120101',
      severity: 'yellow',
    });
    expect(incident!.assetName).toContain('SC-TICK-0001');
    expect(await h.incidentOf('SC-TICK-0002')).toBeUndefined();

    await h.cases([{ ...overdue, status: 'closed', updatedAt: now + 1_000 }]);
    const cleared = await tickAndApply('case-limit-toilet', now + 30_000);
    expect(cleared.transitions.map((t) => [t.assetId, t.kind])).toEqual([
      ['SC-TICK-0001', 'cleared'],
    ]);
    expect((await h.detail(incident!.id)).status).toBe('resolved');
  });

  it('opens one incident for a cluster of nearby cases and resolves it when the cluster falls apart', async () => {
    const now = Date.now();
    const at = (i: number, lng: number, lat: number): SanitationCase => ({
      id: `SC-CLU-000${i}`,
      category: 'garbage_pile',
      source: 'inspector',
      status: 'open',
      reportedAt: now - (30 - i * 5) * MIN,
      updatedAt: now - (30 - i * 5) * MIN,
      dueAt: now + 600 * MIN,
      lng,
      lat,
      district: '120104',
      description: '垃圾堆放',
    });
    // Three within ~100 m of each other; a fourth 5 km away.
    const cases = [
      at(1, 117.15, 39.1),
      at(2, 117.1505, 39.1004),
      at(3, 117.1495, 39.1006),
      at(4, 117.21, 39.13),
    ];
    await h.cases(cases);

    const formed = await tickAndApply('case-cluster', now);
    expect(formed.transitions).toHaveLength(1);
    expect(formed.transitions[0]).toMatchObject({
      kind: 'raised',
      severity: 'orange',
      value: 3,
      at: cases[2]!.reportedAt,
    });
    const area = formed.transitions[0]!.assetId;
    const incident = await h.incidentOf(area);
    expect(incident).toMatchObject({ domain: 'sanitation', district: '120104' });
    expect(incident!.location![0]).toBeCloseTo(117.15, 3);

    // Nothing new: the same cluster, no second incident.
    expect((await tickAndApply('case-cluster', now + 30_000)).transitions).toEqual([]);

    await h.cases([{ ...cases[0]!, status: 'closed', updatedAt: now + 40_000 }]);
    const apart = await tickAndApply('case-cluster', now + 60_000);
    expect(apart.transitions.map((t) => [t.assetId, t.kind])).toEqual([[area, 'cleared']]);
    expect((await h.detail(incident!.id)).status).toBe('resolved');
    const open = (await h.incidents('status=open,acknowledged&limit=500')).filter(
      (i) => i.ruleId === 'case-cluster',
    );
    expect(open).toEqual([]);
  });

  it('refuses a tick while another tick of the same rule holds the lock', async () => {
    const release = await h.app.get(TickStateRepository).lock('case-limit-other');
    expect(release).not.toBeNull();
    try {
      await expect(tick.evaluate('case-limit-other', Date.now())).rejects.toBeInstanceOf(
        RuleBusyError,
      );
    } finally {
      await release!();
    }
    expect((await tick.evaluate('case-limit-other', Date.now())).status).toBe('evaluated');
  });

  it('skips rules the tick path does not evaluate and rules that do not exist', async () => {
    expect(await tick.evaluate('underpass-depth', Date.now())).toMatchObject({
      status: 'skipped',
      reason: 'not ticked',
    });
    expect((await tick.evaluate('no-such-rule', Date.now())).reason).toBe('not ticked');
  });

  it('enqueues one job per ticked rule and slot, with the same id from every scheduler', async () => {
    const scheduler = h.app.get(TickScheduler);
    const rules = h.app.get(RulesService).enabled().filter(ticks);
    const now = Date.now() + 3_600_000;
    expect(await scheduler.enqueueDue(now)).toBe(rules.length);
    // The same slot again: this process knows it enqueued it.
    expect(await scheduler.enqueueDue(now + 1)).toBe(0);

    const queue = new Queue(QueueName.Ticks, {
      connection: h.env.redis(),
      prefix: redisKeys(h.env.redisPrefix).bull,
    });
    try {
      for (const rule of rules) {
        // The rainstorm watch started above makes rules with a rainstorm step tick twice as often.
        const factor = h.app.get(WatchService).cadenceFactor('city', rule, now);
        const slot = tickTime(now, cadenceMs(rule, factor));
        const job = await queue.getJob(`tick|${rule.id}|${slot}`);
        expect(job?.name, rule.id).toBe(JobName.EvaluateRuleTick);
        expect(job?.data).toEqual({ ruleId: rule.id, tickAt: slot });
        // A second replica adding the same tick: BullMQ keeps the one job.
        await queue.add(JobName.EvaluateRuleTick, job!.data, { jobId: job!.id });
      }
      const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'delayed', 'failed']);
      const ids = jobs.map((j) => j.id);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await queue.close();
    }
  });
});
