import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tianjinIso } from './support/fake-scada.js';
import { CollectorHarness, waitFor } from './support/harness.js';

const indoor = (i: number) => ({
  sensorId: `IS-000${1 + (i % 3)}`,
  ts: tianjinIso(600 - i),
  metrics: { indoorTempC: 20 + i / 10 },
});

describe('heating paging and checkpoints', () => {
  let h: CollectorHarness;
  beforeEach(async () => {
    h = await new CollectorHarness().setUp();
  });
  afterEach(async () => {
    await h.tearDown();
  });

  it('follows several pages, checkpoints the last cursor, and a restarted collector continues from it', async () => {
    h.scada.add(...Array.from({ length: 12 }, (_, i) => indoor(i)));
    h.startCollector({ pageLimit: 5 });
    await waitFor('three pages', async () => (await h.checkpointCursor()) === '12');
    expect(h.scada.requests.slice(0, 3)).toEqual([null, '5', '10']);
    await h.stopCollector();
    expect(await h.checkpointCursor()).toBe('12');
    expect(await h.influx.points('heating')).toHaveLength(12);
    expect(await h.redis.evaluateJobs()).toHaveLength(3);

    h.scada.add(...Array.from({ length: 4 }, (_, i) => indoor(12 + i)));
    const before = h.scada.requests.length;
    h.startCollector({ pageLimit: 5 });
    await waitFor('the new readings', async () => (await h.checkpointCursor()) === '16');
    expect(h.scada.requests[before]).toBe('12');
    expect(h.scada.requests.slice(before)).not.toContain(null);
    expect(await h.influx.points('heating')).toHaveLength(16);
    const evaluated = await h.redis.allEvaluatedReadings();
    expect(evaluated).toHaveLength(16);
    expect(new Set(evaluated.map((r) => `${r.sensorId}@${r.ts}`)).size).toBe(16);
  });

  it('writes no duplicate points and enqueues no second job when a page is delivered again after a crash before its checkpoint', async () => {
    h.scada.add(indoor(0), indoor(1), indoor(2), {
      sensorId: 'XX-0001',
      ts: tianjinIso(5),
      metrics: { indoorTempC: 20 },
    });
    h.startCollector({ pageLimit: 10 });
    await waitFor('the page', async () => (await h.checkpointCursor()) === '4');
    await h.stopCollector();
    const jobIds = (await h.redis.evaluateJobs()).map((j) => j.id);
    const rejectionJobIds = (await h.redis.rejectionJobs()).map((j) => j.id);

    // The crash: the page was written and enqueued, but the checkpoint never reached the disk.
    await rm(h.checkpointFile);
    const before = h.scada.requests.length;
    h.startCollector({ pageLimit: 10 });
    await waitFor('the page again', async () => (await h.checkpointCursor()) === '4');
    expect(h.scada.requests[before]).toBeNull();

    expect(await h.influx.points('heating')).toHaveLength(3);
    expect((await h.redis.evaluateJobs()).map((j) => j.id)).toEqual(jobIds);
    expect(jobIds).toHaveLength(1);
    expect((await h.redis.rejectionJobs()).map((j) => j.id)).toEqual(rejectionJobIds);
    expect(rejectionJobIds).toHaveLength(1);
  });
});
