import { appendFile, mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '@cityops/contracts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileCheckpointStore } from '../../checkpoints/file-checkpoint-store.js';
import { silentLogger } from '../../observability/logger.js';
import {
  CsvDropFolder,
  type CsvDropFolderOptions,
  type CsvDropHandler,
  type DropRow,
  type RowRejection,
} from './csv-drop-folder.js';

/** Stores rows whose `value` is a number; refuses the others. Records every call. */
class RecordingHandler implements CsvDropHandler {
  readonly header = ['id', 'value'];
  readonly stored: { file: string; line: number; id: string }[] = [];
  readonly quarantined: { line: number; reason: string }[] = [];
  readonly filesRejected: { file: string; reason: string; detail: string }[] = [];

  async handleRows(rows: DropRow[], malformed: RowRejection[], file: { name: string }) {
    const refused: RowRejection[] = [...malformed];
    for (const row of rows) {
      if (/^\d+$/.test(row.record.value!))
        this.stored.push({ file: file.name, line: row.line, id: row.record.id! });
      else
        refused.push({ line: row.line, reason: 'schema_invalid', detail: 'value: not a number' });
    }
    this.quarantined.push(...refused.map((r) => ({ line: r.line, reason: r.reason })));
    return refused;
  }

  async rejectFile(file: { name: string }, reason: string, detail: string) {
    this.filesRejected.push({ file: file.name, reason, detail });
  }
}

const csv = (...rows: string[]) => `id,value\n${rows.join('\n')}\n`;
const rowsOf = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => `r${from + i},${from + i}`);

describe('CsvDropFolder', () => {
  let root: string;
  let dir: string;
  let stateDir: string;
  let handler: RecordingHandler;
  let clock: number;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'drop-unit-'));
    dir = join(root, 'drop');
    stateDir = join(root, 'state');
    handler = new RecordingHandler();
    clock = Date.parse('2026-11-26T08:00:00Z');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const folder = (over: Partial<CsvDropFolderOptions> = {}) => {
    const f = new CsvDropFolder({
      source: 'test-drop',
      dir,
      stateDir,
      checkpoints: new FileCheckpointStore(stateDir),
      handler,
      scanIntervalMs: 10_000,
      stableMs: 1000,
      maxFileBytes: 10_000,
      chunkRows: 2,
      backoff: { initialMs: 10, maxMs: 10 },
      logger: silentLogger,
      now: () => clock,
      ...over,
    });
    return f;
  };
  /** A folder with its folders created and its checkpoint loaded, driven by scanOnce(). */
  const prepared = async (over: Partial<CsvDropFolderOptions> = {}) => {
    const f = folder(over);
    await f.prepare();
    return f;
  };
  /** Two scans `stableMs` apart: a file that did not change in between is processed. */
  const settle = async (f: CsvDropFolder) => {
    const first = await f.scanOnce();
    clock += 1500;
    return [...first, ...(await f.scanOnce())];
  };

  it('processes a complete file, moves it to done/ and hands over every row once', async () => {
    const f = await prepared();
    await writeFile(join(dir, 'cases.csv'), csv(...rowsOf(5)));
    expect(await settle(f)).toEqual([{ name: 'cases.csv', outcome: 'done' }]);
    expect(handler.stored.map((s) => s.id)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(handler.stored.map((s) => s.line)).toEqual([2, 3, 4, 5, 6]);
    expect(await readdir(join(dir, 'done'))).toEqual(['cases.csv']);
    expect(await readdir(dir)).toEqual(['done', 'rejected']);
    expect(await readdir(join(dir, 'rejected'))).toEqual([]);
  });

  it('keeps the good rows of a file with bad ones and lists the bad ones with line and reason', async () => {
    const f = await prepared();
    await writeFile(join(dir, 'mixed.csv'), csv('a,1', 'b,x', 'c,3,extra', 'd,4', '"e, quoted",y'));
    expect(await settle(f)).toEqual([{ name: 'mixed.csv', outcome: 'done-with-rejections' }]);
    expect(handler.stored.map((s) => s.id)).toEqual(['a', 'd']);
    const rejected = parseCsv(
      await readFile(join(dir, 'rejected', 'mixed.csv.rejected.csv'), 'utf8'),
    );
    expect(rejected.map((r) => r.fields)).toEqual([
      ['line', 'reason', 'detail', 'id', 'value'],
      ['3', 'schema_invalid', 'value: not a number', 'b', 'x'],
      ['4', 'schema_invalid', 'expected 2 fields, got 3', 'c', '3', 'extra'],
      ['6', 'schema_invalid', 'value: not a number', 'e, quoted', 'y'],
    ]);
    expect(await readdir(join(dir, 'done'))).toEqual(['mixed.csv']);
  });

  it.each([
    ['a wrong header', 'id,amount\nx,1\n', /wrong header \(missing value; unexpected "amount"\)/],
    ['an empty file', '', /empty file/],
    ['a header without rows', 'id,value\n', /empty file/],
    ['invalid UTF-8', Buffer.from([0x69, 0x64, 0x2c, 0xff, 0xfe, 0x0a]), /not UTF-8/],
    ['an unterminated quote', 'id,value\n"a,1\n', /not valid CSV/],
  ])(
    'refuses %s as a whole, with a reason file beside it in rejected/',
    async (_what, content, why) => {
      const f = await prepared();
      await writeFile(join(dir, 'bad.csv'), content);
      expect(await settle(f)).toEqual([{ name: 'bad.csv', outcome: 'rejected' }]);
      expect(handler.stored).toEqual([]);
      expect(handler.filesRejected).toEqual([
        { file: 'bad.csv', reason: 'schema_invalid', detail: expect.stringMatching(why) },
      ]);
      expect((await readdir(join(dir, 'rejected'))).sort()).toEqual([
        'bad.csv',
        'bad.csv.reason.txt',
      ]);
      expect(await readFile(join(dir, 'rejected', 'bad.csv.reason.txt'), 'utf8')).toMatch(why);
    },
  );

  it('refuses a file over the size limit without reading it', async () => {
    const f = await prepared({ maxFileBytes: 20 });
    await writeFile(join(dir, 'big.csv'), csv(...rowsOf(10)));
    expect(await settle(f)).toEqual([{ name: 'big.csv', outcome: 'rejected' }]);
    expect(handler.filesRejected[0]).toMatchObject({ reason: 'oversize_payload' });
  });

  it('accepts a BOM, CRLF line ends and the header in another order', async () => {
    const f = await prepared();
    await writeFile(join(dir, 'win.csv'), '\uFEFFvalue,id\r\n7,x\r\n8,y\r\n');
    expect(await settle(f)).toEqual([{ name: 'win.csv', outcome: 'done' }]);
    expect(handler.stored.map((s) => s.id)).toEqual(['x', 'y']);
  });

  it('leaves a file that is still being written alone, and ignores dotfiles, .tmp and .part', async () => {
    const f = await prepared();
    const path = join(dir, 'growing.csv');
    await writeFile(path, csv('a,1'));
    for (const name of ['.hidden.csv', 'x.csv.tmp', 'y.csv.part'])
      await writeFile(join(dir, name), csv('z,9'));
    expect(await f.scanOnce()).toEqual([]);
    clock += 1500;
    await appendFile(path, 'b,2\n');
    await utimes(path, new Date(clock), new Date(clock));
    expect(await f.scanOnce()).toEqual([]);
    clock += 500;
    expect(await f.scanOnce()).toEqual([]);
    clock += 600;
    expect(await f.scanOnce()).toEqual([{ name: 'growing.csv', outcome: 'done' }]);
    expect(handler.stored.map((s) => s.id)).toEqual(['a', 'b']);
    expect((await readdir(dir)).sort()).toEqual(
      ['.hidden.csv', 'done', 'rejected', 'x.csv.tmp', 'y.csv.part'].sort(),
    );
  });

  it('resumes after the last checkpointed chunk when it crashed before the next checkpoint, listing no bad row twice', async () => {
    let crashes = 1;
    const crashAfterLine = async (_file: unknown, lastLine: number) => {
      if (lastLine === 5 && crashes-- > 0) throw new Error('crash');
    };
    const f = await prepared({ afterChunkStored: crashAfterLine });
    await writeFile(join(dir, 'long.csv'), csv('a,1', 'b,x', 'c,3', 'd,y', 'e,5', 'f,6', 'g,z'));
    await f.scanOnce();
    clock += 1500;
    await expect(f.scanOnce()).rejects.toThrow('crash');
    // Rows up to line 3 were checkpointed; lines 4-5 were stored but not checkpointed.
    expect(handler.stored.map((s) => s.id)).toEqual(['a', 'c']);

    const again = await prepared();
    expect(await settle(again)).toEqual([{ name: 'long.csv', outcome: 'done-with-rejections' }]);
    // Lines 4-5 were handed over twice (the crash was before their checkpoint): the handler's job ids
    // make that harmless. Every line was handed over, none skipped.
    expect(new Set(handler.stored.map((s) => s.line))).toEqual(new Set([2, 4, 6, 7]));
    const rejected = parseCsv(
      await readFile(join(dir, 'rejected', 'long.csv.rejected.csv'), 'utf8'),
    );
    expect(rejected.slice(1).map((r) => r.fields[0])).toEqual(['3', '5', '8']);
  });

  it('stops between chunks and resumes after the last stored line on the next start', async () => {
    const f = await prepared({
      afterChunkStored: async (_file, lastLine) => {
        if (lastLine === 3) void f.stop();
      },
    });
    await writeFile(join(dir, 'stop.csv'), csv(...rowsOf(6)));
    await f.scanOnce();
    clock += 1500;
    expect(await f.scanOnce()).toEqual([{ name: 'stop.csv', outcome: 'interrupted' }]);
    expect(handler.stored.map((s) => s.line)).toEqual([2, 3]);

    const next = await prepared();
    expect(await settle(next)).toEqual([{ name: 'stop.csv', outcome: 'done' }]);
    expect(handler.stored.map((s) => s.line)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('processes the same content once: a second drop goes straight to done/ with a timestamp', async () => {
    const f = await prepared();
    await writeFile(join(dir, 'cases.csv'), csv(...rowsOf(3)));
    await settle(f);
    await writeFile(join(dir, 'cases.csv'), csv(...rowsOf(3)));
    await writeFile(join(dir, 'copy.csv'), csv(...rowsOf(3)));
    const outcomes = await settle(f);
    expect(outcomes.map((o) => o.outcome)).toEqual(['duplicate', 'duplicate']);
    expect(handler.stored).toHaveLength(3);
    expect((await readdir(join(dir, 'done'))).sort()).toEqual(
      ['cases.20261126T080003Z.csv', 'cases.csv', 'copy.csv'].sort(),
    );
  });
});
