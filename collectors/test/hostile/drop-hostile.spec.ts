import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CASE_CSV_HEADER, parseCsv } from '@cityops/contracts';
import { hostileCsvFiles, HostileTally, type HostileCsvFile } from '@cityops/hostile';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningCollectors } from '../../src/app.js';
import { referenceCase } from '../integration/support/fake-case-system.js';
import { CollectorHarness, waitFor } from '../integration/support/harness.js';
import { testSources } from '../integration/support/source-settings.js';
import { freePort } from '../integration/support/tcp-proxy.js';
import {
  expectHealthy,
  expectReasoned,
  observabilityOn,
  startLogged,
  watchProcessErrors,
} from './support.js';

const tally = new HostileTally();

/** The good rows of file k: ids of their own, so each file's survivors can be told apart. */
function goodRows(k: number, n = 3): string[][] {
  return Array.from({ length: n }, (_, i) => {
    const c = referenceCase(`SC-F${k}-${i}`, 300 - k - i / 10) as unknown as Record<
      string,
      unknown
    >;
    return CASE_CSV_HEADER.map((name) => String(c[name] ?? ''));
  });
}

describe('sanitation CSV drop folder against hostile files (real Redis and InfluxDB)', () => {
  let h: CollectorHarness;
  let dir: string;
  let collector: RunningCollectors;
  let log: string[];
  const watch = watchProcessErrors();

  beforeEach(async () => {
    h = await new CollectorHarness().setUp();
    dir = join(h.stateDir, 'drop');
  });
  afterEach(async () => {
    await h.tearDown();
  });
  afterAll(() => {
    watch.stop();
    console.log(`\nCSV drop hostile inputs\n${tally.report()}\n`);
  });

  const waiting = async () => (await readdir(dir)).filter((n) => n !== 'done' && n !== 'rejected');

  it('keeps the good rows of every file, lists the bad ones with reasons, and moves every file on', async () => {
    const base = testSources(['sanitation-drop'], { dropDir: dir, chunkRows: 500 });
    ({ collector, log } = startLogged(h, {
      sources: {
        ...base,
        // Big enough that the >10 MB file is read, not refused for its size.
        sanitationDrop: { ...base.sanitationDrop, maxFileBytes: 32 * 1024 * 1024 },
      },
      observability: observabilityOn(await freePort(), 'drop'),
    }));
    await waitFor('the drop folder', async () =>
      (await readdir(dir).catch((): string[] => [])).includes('done'),
    );

    const count = hostileCsvFiles(CASE_CSV_HEADER, goodRows(0)).length;
    const files: { name: string; file: HostileCsvFile; good: string[][] }[] = [];
    for (let k = 0; k < count; k++) {
      const good = goodRows(k);
      const file = hostileCsvFiles(CASE_CSV_HEADER, good)[k]!;
      const slug = file.label.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 40);
      files.push({ name: `f${String(k).padStart(2, '0')}-${slug}.csv`, file, good });
    }
    // Written elsewhere and renamed in, as a careful sender does.
    for (const { name, file } of files) {
      await writeFile(join(dir, `${name}.part`), file.bytes);
      await rename(join(dir, `${name}.part`), join(dir, name));
    }
    tally.add('csv drop files', files.length);
    tally.add(
      'csv drop rows (good and bad)',
      files.reduce((sum, f) => sum + f.file.goodRowCount + f.file.badRowCount, 0),
    );

    await waitFor(
      'every file moved out of the drop folder',
      async () => (await waiting()).length === 0,
      90_000,
    ).catch(async (err: unknown) => {
      console.log(await waiting(), log.slice(0, 20).join('\n'));
      throw err;
    });
    const done = await readdir(join(dir, 'done'));
    const rejectedDir = await readdir(join(dir, 'rejected'));
    const upserted = new Set(
      (await h.redis.upsertCaseJobs()).flatMap((j) => j.data.cases.map((c) => c.id)),
    );
    const allGood = new Set(files.flatMap((f) => f.good.map((r) => r[0]!)));

    for (const { name, file, good } of files) {
      const what = `${name} (${file.label})`;
      const refusedWhole = rejectedDir.includes(name);
      expect(done.includes(name) !== refusedWhole, `${what}: in done/ or rejected/, once`).toBe(
        true,
      );
      if (refusedWhole) {
        const reason = await readFile(join(dir, 'rejected', `${name}.reason.txt`), 'utf8');
        expect(reason.trim().length, what).toBeGreaterThan(0);
      }
      if (file.goodRowCount > 0) {
        expect(refusedWhole, `${what} must not be refused as a whole`).toBe(false);
        const missing = good
          .slice(0, file.goodRowCount)
          .map((r) => r[0]!)
          .filter((id) => !upserted.has(id));
        expect(missing, `${what}: good rows kept`).toEqual([]);
      }
      if (!refusedWhole && file.badRowCount > 0) {
        const listing = parseCsv(
          await readFile(join(dir, 'rejected', `${name}.rejected.csv`), 'utf8'),
        );
        expect(listing[0]!.fields.slice(0, 3), what).toEqual(['line', 'reason', 'detail']);
        const rows = listing.slice(1);
        expect(rows.length, `${what}: bad rows listed`).toBeGreaterThanOrEqual(1);
        for (const row of rows) {
          expect(row.fields[1]!.length, what).toBeGreaterThan(0);
          expect(row.fields[2]!.length, what).toBeGreaterThan(0);
        }
      }
    }
    console.log(
      `CSV drop: ${files.length} files, ${done.filter((n) => n.startsWith('f')).length} processed to done/, ` +
        `${files.filter((f) => rejectedDir.includes(f.name)).map((f) => f.file.label).length} refused as a whole: ` +
        files
          .filter((f) => rejectedDir.includes(f.name))
          .map((f) => f.file.label)
          .join('; '),
    );
    // No bad row got in: every case stored is one of the good rows.
    expect([...upserted].filter((id) => !allGood.has(id))).toEqual([]);
    const rejections = await h.redis.allRejections();
    expectReasoned(rejections);
    expect(rejections.length).toBeGreaterThanOrEqual(
      files.filter((f) => f.file.badRowCount > 0 || f.file.goodRowCount === 0).length,
    );
    expect(tally.count('csv drop files')).toBeGreaterThanOrEqual(35);

    // Still working: a plain good file afterwards is taken.
    const after = goodRows(99, 2);
    await writeFile(
      join(dir, 'after.csv.part'),
      `${CASE_CSV_HEADER.join(',')}\n${after.map((r) => r.join(',')).join('\n')}\n`,
    );
    await rename(join(dir, 'after.csv.part'), join(dir, 'after.csv'));
    await waitFor('the file after the hostile ones', async () =>
      (await readdir(join(dir, 'done'))).includes('after.csv'),
    );
    await expectHealthy(collector);
    expect(watch.errors).toEqual([]);
  });
});
