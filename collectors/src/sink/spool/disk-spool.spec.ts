import { appendFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../observability/logger.js';
import { DiskSpool, SpoolFullError, segmentFileName } from './disk-spool.js';
import { encodeRecord } from './record.js';

const MiB = 1024 * 1024;
const open = (dir: string, maxBytes = 64 * MiB, segmentBytes?: number) =>
  DiskSpool.open(dir, {
    maxBytes,
    ...(segmentBytes ? { segmentBytes } : {}),
    logger: silentLogger,
  });

/** Reads and acknowledges everything, as the drainer does. */
async function drain(spool: DiskSpool): Promise<string[]> {
  const out: string[] = [];
  for (let ref = spool.head(); ref; ref = spool.head()) {
    out.push((await spool.read(ref)).toString('utf8'));
    await spool.ack(ref);
  }
  return out;
}

const segments = async (dir: string) =>
  (await readdir(dir)).filter((name) => name.endsWith('.spool')).sort();

describe('DiskSpool', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spool-spec-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives batches back in the order they were appended, with their point counts', async () => {
    const { spool } = await open(dir);
    await spool.append('a 1', 1);
    await spool.append('b 2\nb 3', 2, 'ns');
    expect(spool.pendingRecords).toBe(2);
    expect(spool.pendingPoints).toBe(3);
    expect(spool.head()).toMatchObject({ points: 1, precision: 'ms' });
    expect(await drain(spool)).toEqual(['a 1', 'b 2\nb 3']);
    expect(spool.pendingPoints).toBe(0);
    expect(spool.oldestSpooledAt).toBeNull();
    await spool.close();
  });

  it('deletes a segment only once every record in it is written, and starts new segments as they fill', async () => {
    const { spool } = await open(dir, 64 * MiB, 1024);
    const batch = 'x'.repeat(600);
    for (let i = 0; i < 4; i++) await spool.append(`${i}${batch}`, 1);
    expect(await segments(dir)).toHaveLength(4);
    expect(spool.segmentCount).toBe(4);

    const first = spool.head()!;
    await spool.read(first);
    expect(await segments(dir)).toHaveLength(4);
    await spool.ack(first);
    expect(await segments(dir)).toEqual([
      segmentFileName(2),
      segmentFileName(3),
      segmentFileName(4),
    ]);
    await drain(spool);
    expect(await segments(dir)).toEqual([]);
    expect(spool.bytes).toBe(0);
    await spool.close();
  });

  it('keeps what was not written across a restart and replays it first', async () => {
    const first = await open(dir);
    await first.spool.append('a 1', 1);
    await first.spool.append('b 2', 1);
    const a = first.spool.head()!;
    await first.spool.ack(a);
    await first.spool.close();

    const { spool, recovery } = await open(dir);
    // The acknowledged record shares a segment with one that is not: both come back, and
    // writing "a" twice is harmless (same series and time overwrite).
    expect(recovery).toEqual({ records: 2, points: 2, droppedBytes: 0 });
    await spool.append('c 3', 1);
    expect(await drain(spool)).toEqual(['a 1', 'b 2', 'c 3']);
    await spool.close();
  });

  it('drops a record torn by a crash, truncates it away and goes on appending after it', async () => {
    const first = await open(dir);
    await first.spool.append('a 1', 1);
    await first.spool.append('b 2', 1);
    await first.spool.close();
    // The crash: half a record at the end of the segment, never fsynced nor acknowledged.
    const file = join(dir, segmentFileName(1));
    const whole = (await stat(file)).size;
    await appendFile(file, encodeRecord('c 3', Date.now(), 1).subarray(0, 17));

    const { spool, recovery } = await open(dir);
    expect(recovery).toEqual({ records: 2, points: 2, droppedBytes: 17 });
    expect((await stat(file)).size).toBe(whole);
    await spool.append('d 4', 1);
    expect(await drain(spool)).toEqual(['a 1', 'b 2', 'd 4']);
    await spool.close();

    const reopened = await open(dir);
    expect(reopened.recovery).toEqual({ records: 0, points: 0, droppedBytes: 0 });
    await reopened.spool.close();
  });

  it('removes a segment that holds nothing but a torn record', async () => {
    await appendFile(join(dir, segmentFileName(7)), encodeRecord('a 1', 1, 1).subarray(0, 30));
    const { spool, recovery } = await open(dir);
    expect(recovery.droppedBytes).toBe(30);
    expect(await segments(dir)).toEqual([]);
    await spool.append('b 2', 1);
    expect(await segments(dir)).toEqual([segmentFileName(8)]);
    await spool.close();
  });

  it('makes writers wait while full and lets them in when the drainer frees room', async () => {
    const { spool } = await open(dir, 8 * MiB, 1 * MiB);
    const batch = 'y'.repeat(1 * MiB - 100);
    for (let i = 0; i < 8; i++) await spool.append(batch, 1);
    expect(spool.full).toBe(true);
    await expect(spool.append(batch, 1)).rejects.toBeInstanceOf(SpoolFullError);

    let appended = false;
    const waiting = spool.appendWhenRoom(batch, 1, 'ms').then(() => (appended = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(appended).toBe(false);
    const head = spool.head()!;
    await spool.ack(head);
    await waiting;
    expect(appended).toBe(true);
    expect(spool.pendingRecords).toBe(8);
    await spool.close();
  });

  it('gives up waiting for room when the signal aborts, and refuses a batch bigger than the spool', async () => {
    const { spool } = await open(dir, 8 * MiB, 1 * MiB);
    const batch = 'z'.repeat(1 * MiB - 100);
    for (let i = 0; i < 8; i++) await spool.append(batch, 1);
    const controller = new AbortController();
    const waiting = spool.appendWhenRoom(batch, 1, 'ms', controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow();
    await expect(spool.appendWhenRoom('w'.repeat(9 * MiB), 1, 'ms')).rejects.toBeInstanceOf(
      SpoolFullError,
    );
    await spool.close();
  });
});
