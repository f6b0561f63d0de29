import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkpointFileName } from '../../src/checkpoints/file-checkpoint-store.js';
import { sanitationSourceName } from '../../src/domains/sanitation/sanitation-http-source.js';
import { FakeCaseSystem, referenceCase, tianjinMinutesAgo } from './support/fake-case-system.js';
import { CollectorHarness, waitFor } from './support/harness.js';
import { testSources } from './support/source-settings.js';

describe('sanitation HTTP pull against real Redis and InfluxDB', () => {
  let h: CollectorHarness;
  let cases: FakeCaseSystem;

  beforeEach(async () => {
    h = await new CollectorHarness().setUp();
    cases = await new FakeCaseSystem().start();
  });
  afterEach(async () => {
    await h.tearDown();
    await cases.stop();
  });

  const start = () =>
    h.startCollector({
      sources: testSources(['sanitation-http'], { sanitationUrl: cases.url }),
    });
  const checkpoint = async () => {
    const file = join(h.stateDir, checkpointFileName(sanitationSourceName(cases.url)));
    try {
      return (JSON.parse(await readFile(file, 'utf8')) as { cursor: string }).cursor;
    } catch {
      return null;
    }
  };
  const upserted = async () => (await h.redis.upsertCaseJobs()).flatMap((j) => j.data.cases);

  it('follows pages by updatedSince, writes a point per case and enqueues upsert-cases', async () => {
    const all = Array.from({ length: 7 }, (_, i) =>
      referenceCase(`SC-T-${i + 1}`, 100 - i * 5, i === 2 ? { district: undefined } : {}),
    );
    cases.put(...all);
    start();
    await waitFor(
      'the last case checkpointed',
      async () => (await checkpoint()) === all[6]!.updatedAt,
    );
    // Pages of 3: from the start, then after the 3rd and the 6th case.
    expect(cases.requests.slice(0, 3)).toEqual([null, all[2]!.updatedAt, all[5]!.updatedAt]);

    const jobs = await h.redis.upsertCaseJobs();
    expect(jobs).toHaveLength(3);
    expect(jobs[0]!.data.source).toBe(sanitationSourceName(cases.url));
    expect((await upserted()).map((c) => c.id).sort()).toEqual(all.map((c) => c.id).sort());
    expect((await upserted()).find((c) => c.id === 'SC-T-3')!.district).toBe('120101');

    const points = await h.influx.points('sanitation_cases');
    expect(points).toHaveLength(7);
    const p = points.find((x) => x.caseId === 'SC-T-1')!;
    expect(p).toMatchObject({
      district: '120101',
      category: 'garbage_pile',
      source: 'hotline',
      status: 'open',
      overdue: false,
    });
    expect(typeof p.caseId).toBe('string');
    expect(p.dueInMin).toBeGreaterThan(100);
    expect(Math.floor(new Date(p.time as string).getTime())).toBe(Date.parse(all[0]!.updatedAt));
  });

  it('picks up a status change as a newer version of the case', async () => {
    cases.put(referenceCase('SC-T-1', 60));
    start();
    await waitFor('the open case', async () => (await upserted()).length === 1);
    const closedAt = tianjinMinutesAgo(1);
    cases.put(referenceCase('SC-T-1', 60, { status: 'closed', updatedAt: closedAt }));
    await waitFor('the update', async () => (await upserted()).length === 2);
    const versions = (await upserted())
      .filter((c) => c.id === 'SC-T-1')
      .sort((a, b) => a.updatedAt - b.updatedAt);
    expect(versions.map((c) => c.status)).toEqual(['open', 'closed']);
    expect(versions[1]!.updatedAt).toBe(Date.parse(closedAt));
    const points = await h.influx.points('sanitation_cases');
    expect(points.map((x) => x.status).sort()).toEqual(['closed', 'open']);
  });

  it('keeps its place across a restart and reads only what changed since', async () => {
    cases.put(referenceCase('SC-T-1', 60), referenceCase('SC-T-2', 50));
    start();
    await waitFor('both cases', async () => (await upserted()).length === 2);
    // The checkpoint is written just after the page's jobs are enqueued: wait for it too.
    const cursor = await waitFor('the checkpoint', checkpoint);
    await h.stopCollector();

    cases.put(referenceCase('SC-T-3', 10));
    const before = cases.requests.length;
    start();
    await waitFor('the new case', async () => (await upserted()).length === 3);
    expect(cases.requests[before]).toBe(cursor);
    expect(cases.requests.slice(before)).not.toContain(null);
    expect((await h.redis.upsertCaseJobs()).length).toBe(2);
  });

  it('quarantines a case outside the city, at (0, 0), and with bad dates, and keeps the good ones', async () => {
    cases.put(
      referenceCase('SC-T-BAL', 40, { lng: -76.61, lat: 39.29, district: undefined }),
      referenceCase('SC-T-ZERO', 39, { lng: 0, lat: 0, district: undefined }),
      referenceCase('SC-T-DATE', 38, { reportedAt: '04/12/2018 11:11:26 AM' }),
      referenceCase('SC-T-DUE', 37, { dueAt: '2020-01-01T00:00:00+08:00' }),
      referenceCase('SC-T-OK', 36),
    );
    start();
    await waitFor('four rejections', async () => (await h.redis.allRejections()).length === 4);
    expect((await h.redis.allRejections()).map((r) => [r.sensorId, r.reason]).sort()).toEqual(
      [
        ['SC-T-BAL', 'outside_city'],
        ['SC-T-ZERO', 'outside_city'],
        ['SC-T-DATE', 'schema_invalid'],
        ['SC-T-DUE', 'schema_invalid'],
      ].sort(),
    );
    await waitFor('the good case', async () => (await upserted()).length === 1);
    expect((await upserted())[0]!.id).toBe('SC-T-OK');
    expect(await h.influx.points('sanitation_cases')).toHaveLength(1);
  });
});
