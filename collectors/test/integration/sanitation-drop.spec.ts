import { appendFile, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CASE_CSV_HEADER, csvLine, parseCsv } from '@cityops/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceHooks } from '../../src/sources/start-sources.js';
import { referenceCase, type FakeCase } from './support/fake-case-system.js';
import { CollectorHarness, waitFor } from './support/harness.js';
import { testSources } from './support/source-settings.js';

const row = (c: FakeCase) =>
  csvLine(
    CASE_CSV_HEADER.map((name) => String((c as unknown as Record<string, unknown>)[name] ?? '')),
  );
const csv = (...cases: FakeCase[]) =>
  `${CASE_CSV_HEADER.join(',')}\r\n${cases.map(row).join('\r\n')}\r\n`;
const goodCases = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => referenceCase(`SC-D-${from + i}`, 200 - i));

describe('sanitation CSV drop folder against real Redis and InfluxDB', () => {
  let h: CollectorHarness;
  let dir: string;

  beforeEach(async () => {
    h = await new CollectorHarness().setUp();
    dir = join(h.stateDir, 'drop');
  });
  afterEach(async () => {
    await h.tearDown();
  });

  const start = (chunkRows = 500, hooks?: SourceHooks) =>
    h.startCollector({
      sources: testSources(['sanitation-drop'], { dropDir: dir, chunkRows }),
      ...(hooks ? { hooks } : {}),
    });
  const started = async (chunkRows = 500, hooks?: SourceHooks) => {
    const collector = start(chunkRows, hooks);
    await waitFor('the drop folder', async () =>
      (await readdir(dir).catch((): string[] => [])).includes('done'),
    );
    return collector;
  };
  /** Written elsewhere and renamed into the folder, as a careful sender does. */
  const drop = async (name: string, content: string | Buffer) => {
    await writeFile(join(dir, `${name}.part`), content);
    await rename(join(dir, `${name}.part`), join(dir, name));
  };
  const inDone = async () => (await readdir(join(dir, 'done'))).sort();
  const inRejected = async () => (await readdir(join(dir, 'rejected'))).sort();
  const upserted = async () => (await h.redis.upsertCaseJobs()).flatMap((j) => j.data.cases);

  it('ingests a good file, enqueues its cases and moves it to done/', async () => {
    await started();
    await drop('cases-0800.csv', csv(...goodCases(4)));
    await waitFor('the file in done/', async () => (await inDone()).includes('cases-0800.csv'));
    expect((await upserted()).map((c) => c.id).sort()).toEqual(
      ['SC-D-1', 'SC-D-2', 'SC-D-3', 'SC-D-4'].sort(),
    );
    expect((await h.redis.upsertCaseJobs())[0]!.data.source).toBe('sanitation-drop');
    expect(await h.influx.points('sanitation_cases')).toHaveLength(4);
    expect(await inRejected()).toEqual([]);
    expect(await readdir(dir)).toEqual(['done', 'rejected']);
  });

  it('lets the good rows through and lists the bad ones with line and reason in rejected/', async () => {
    await started();
    const [a, b, c] = goodCases(3);
    const content = csv(
      a!,
      referenceCase('SC-D-OUT', 50, { lng: -76.61, lat: 39.29, district: undefined }),
      b!,
      referenceCase('SC-D-CAT', 49, { category: 'noise' }),
      c!,
    );
    await drop('mixed.csv', `${content}SC-D-SHORT,garbage_pile\r\n`);
    await waitFor('the file in done/', async () => (await inDone()).includes('mixed.csv'));
    expect((await upserted()).map((x) => x.id).sort()).toEqual(['SC-D-1', 'SC-D-2', 'SC-D-3']);
    expect(await inRejected()).toEqual(['mixed.csv.rejected.csv']);
    const listed = parseCsv(
      await readFile(join(dir, 'rejected', 'mixed.csv.rejected.csv'), 'utf8'),
    );
    expect(listed[0]!.fields.slice(0, 4)).toEqual(['line', 'reason', 'detail', 'id']);
    expect(listed.slice(1).map((r) => [r.fields[0], r.fields[1], r.fields[3]])).toEqual([
      ['3', 'outside_city', 'SC-D-OUT'],
      ['5', 'schema_invalid', 'SC-D-CAT'],
      ['7', 'schema_invalid', 'SC-D-SHORT'],
    ]);
    const rejections = await h.redis.allRejections();
    expect(rejections.map((r) => r.reason).sort()).toEqual(
      ['outside_city', 'schema_invalid', 'schema_invalid'].sort(),
    );
    expect(rejections.find((r) => r.reason === 'outside_city')!.detail).toMatch(
      /^mixed\.csv line 3: /,
    );
  });

  it('refuses a file with the wrong header as a whole, with the reason beside it', async () => {
    await started();
    await drop('wrong.csv', 'id,category,status\r\nSC-1,garbage_pile,open\r\n');
    await waitFor('the file in rejected/', async () => (await inRejected()).includes('wrong.csv'));
    expect(await inRejected()).toEqual(['wrong.csv', 'wrong.csv.reason.txt']);
    expect(await readFile(join(dir, 'rejected', 'wrong.csv.reason.txt'), 'utf8')).toMatch(
      /wrong header \(missing source, reportedAt/,
    );
    expect(await upserted()).toEqual([]);
    expect((await h.redis.allRejections()).map((r) => r.reason)).toEqual(['schema_invalid']);
  });

  it('does not pick up a file while it is still being written', async () => {
    await started();
    const cases = goodCases(6);
    const path = join(dir, 'slow.csv');
    await writeFile(path, csv(cases[0]!));
    for (const c of cases.slice(1)) {
      await new Promise((resolve) => setTimeout(resolve, 120));
      await appendFile(path, `${row(c)}\r\n`);
      expect(await h.redis.upsertCaseJobs()).toEqual([]);
    }
    await waitFor('the complete file in done/', async () => (await inDone()).includes('slow.csv'));
    expect((await upserted()).map((c) => c.id).sort()).toEqual(cases.map((c) => c.id).sort());
  });

  it('resumes after a crash in the middle of a file without double or lost rows', async () => {
    let crashes = 0;
    await started(2, {
      dropAfterChunkStored: async (_file, lastLine) => {
        // Lines 4-5 are stored but the process dies before their checkpoint (every time, until
        // this collector is stopped: its retries store the same chunk again).
        if (lastLine === 5) {
          crashes += 1;
          throw new Error('simulated crash before the checkpoint');
        }
      },
    });
    const cases = goodCases(7);
    await drop('long.csv', csv(...cases));
    await waitFor('the crash', () => crashes > 0);
    await h.stopCollector();
    expect(await inDone()).toEqual([]);
    const jobsBefore = (await h.redis.upsertCaseJobs()).map((j) => j.id);
    expect(jobsBefore).toHaveLength(2);

    await started(2);
    await waitFor('the file in done/', async () => (await inDone()).includes('long.csv'));
    const jobs = await h.redis.upsertCaseJobs();
    expect(jobs.map((j) => j.id)).toEqual(expect.arrayContaining(jobsBefore));
    expect(jobs).toHaveLength(4);
    const ids = (await upserted()).map((c) => c.id);
    expect(ids.sort()).toEqual(cases.map((c) => c.id).sort());
    expect(await h.influx.points('sanitation_cases')).toHaveLength(7);
  });

  it('processes the same content once when it is dropped twice', async () => {
    await started();
    const content = csv(...goodCases(3));
    await drop('twice.csv', content);
    await waitFor('the first copy in done/', async () => (await inDone()).includes('twice.csv'));
    await drop('twice.csv', content);
    await drop('twice-copy.csv', content);
    await waitFor('both copies in done/', async () => (await inDone()).length === 3);
    expect(await inDone()).toEqual(
      expect.arrayContaining([
        'twice.csv',
        'twice-copy.csv',
        expect.stringMatching(/^twice\.\d{8}T\d{6}Z\.csv$/),
      ]),
    );
    expect(await h.redis.upsertCaseJobs()).toHaveLength(1);
    expect(await upserted()).toHaveLength(3);
  });
});
