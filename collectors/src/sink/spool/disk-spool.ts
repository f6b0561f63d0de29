import { mkdir, open, readdir, readFile, rm, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../observability/logger.js';
import { Notifier } from '../notifier.js';
import {
  decodeRecordAt,
  encodeRecord,
  recordSpooledAt,
  scanSegment,
  type Precision,
  type RecordMeta,
} from './record.js';

export interface DiskSpoolOptions {
  /** Upper bound of the segment files together; an append that would pass it waits or fails. */
  maxBytes: number;
  /** A segment is closed and a new one started once it holds this much (default: maxBytes / 8, 1 to 16 MiB). */
  segmentBytes?: number;
  logger: Logger;
  now?: () => number;
}

/** A record still to be written to InfluxDB, by its place on disk. */
export interface SpoolRecordRef extends RecordMeta {
  segment: number;
}

export interface SpoolRecovery {
  records: number;
  points: number;
  /** Bytes of torn or damaged records dropped while opening. */
  droppedBytes: number;
}

export class SpoolFullError extends Error {
  override readonly name = 'SpoolFullError';
}

export class SpoolClosedError extends Error {
  override readonly name = 'SpoolClosedError';
}

/** A record whose bytes no longer check out when read back (damaged after it was written). */
export class SpoolCorruptRecordError extends Error {
  override readonly name = 'SpoolCorruptRecordError';
}

interface Segment {
  seq: number;
  path: string;
  size: number;
  /** Records in it not yet acknowledged. */
  unacked: number;
  /** No more appends go to it. */
  sealed: boolean;
}

const SEGMENT_FILE = /^segment-(\d{20})\.spool$/;
const MiB = 1024 * 1024;

export function segmentFileName(seq: number): string {
  return `segment-${String(seq).padStart(20, '0')}.spool`;
}

export function defaultSegmentBytes(maxBytes: number): number {
  return Math.min(16 * MiB, Math.max(1 * MiB, Math.floor(maxBytes / 8)));
}

/**
 * Append-only, bounded, crash-safe FIFO of line-protocol batches on disk.
 *
 * Records go to numbered segment files; each append is written and fdatasync'ed before it resolves,
 * so an acknowledged batch survives a crash. Records are read back in the order they were appended
 * and acknowledged one by one; a segment file is deleted once every record in it is acknowledged
 * (and it is no longer being appended to). Opening the spool scans every segment: a record cut short
 * by a crash or failing its checksum is dropped (and the file truncated), never replayed.
 */
export class DiskSpool {
  /** Fires after an append (the drainer waits on it). */
  readonly appended = new Notifier();
  /** Fires after space was freed (writers waiting for room wait on it). */
  readonly freed = new Notifier();

  private readonly segments: Segment[] = [];
  private readonly queue: SpoolRecordRef[] = [];
  private queueHead = 0;
  private writer: { segment: Segment; handle: FileHandle } | null = null;
  private reader: { seq: number; handle: FileHandle } | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private totalBytes = 0;
  private points = 0;
  private nextSeq = 1;
  private closed = false;
  private readonly segmentBytes: number;
  private readonly now: () => number;

  private constructor(
    readonly dir: string,
    private readonly options: DiskSpoolOptions,
  ) {
    this.segmentBytes = options.segmentBytes ?? defaultSegmentBytes(options.maxBytes);
    this.now = options.now ?? Date.now;
  }

  /** Opens (creating) the spool directory and recovers what a previous run left in it. */
  static async open(
    dir: string,
    options: DiskSpoolOptions,
  ): Promise<{ spool: DiskSpool; recovery: SpoolRecovery }> {
    const spool = new DiskSpool(dir, options);
    const recovery = await spool.recover();
    return { spool, recovery };
  }

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  /** Bytes of all segment files (acknowledged records count until their segment is deleted). */
  get bytes(): number {
    return this.totalBytes;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  get pendingRecords(): number {
    return this.queue.length - this.queueHead;
  }

  get pendingPoints(): number {
    return this.points;
  }

  /** When the oldest record still to be written was spooled, or null when there is none. */
  get oldestSpooledAt(): number | null {
    return this.queue[this.queueHead]?.spooledAt ?? null;
  }

  /** Little room left: sources should hold back until the drainer frees some. */
  get full(): boolean {
    return this.totalBytes + Math.min(2 * MiB, this.maxBytes / 4) > this.maxBytes;
  }

  hasRoomFor(recordBytes: number): boolean {
    return this.totalBytes + recordBytes <= this.maxBytes;
  }

  /** The next record to write to InfluxDB, or undefined when the spool is drained. */
  head(): SpoolRecordRef | undefined {
    return this.queue[this.queueHead];
  }

  /**
   * Appends a batch durably; resolves once it is on disk. When the spool has no room it waits for the
   * drainer to free some (backpressure), until `signal` aborts. A batch larger than the whole spool fails.
   */
  async appendWhenRoom(
    payload: string | Buffer,
    points: number,
    precision: Precision,
    signal?: AbortSignal,
  ): Promise<void> {
    const record = encodeRecord(payload, this.now(), points, precision);
    if (record.length > this.maxBytes)
      throw new SpoolFullError(
        `a batch of ${record.length} bytes does not fit a spool of ${this.maxBytes} bytes`,
      );
    for (;;) {
      while (!this.hasRoomFor(record.length)) await this.freed.wait(signal);
      try {
        await this.appendRecord(record, points, precision);
        return;
      } catch (err) {
        // Another writer took the room between the check and the append: wait again.
        if (!(err instanceof SpoolFullError)) throw err;
      }
    }
  }

  /** Appends at once, or fails with SpoolFullError. */
  async append(
    payload: string | Buffer,
    points: number,
    precision: Precision = 'ms',
  ): Promise<void> {
    await this.appendRecord(
      encodeRecord(payload, this.now(), points, precision),
      points,
      precision,
    );
  }

  /** The payload of a record, checked again against its checksum. */
  async read(ref: SpoolRecordRef): Promise<Buffer> {
    if (this.closed) throw new SpoolClosedError('the spool is closed');
    if (this.reader?.seq !== ref.segment) {
      await this.reader?.handle.close().catch(() => undefined);
      this.reader = null;
      const handle = await open(join(this.dir, segmentFileName(ref.segment)), 'r');
      this.reader = { seq: ref.segment, handle };
    }
    const buf = Buffer.allocUnsafe(ref.length);
    const { bytesRead } = await this.reader.handle.read(buf, 0, ref.length, ref.offset);
    const decoded = decodeRecordAt(buf.subarray(0, bytesRead), 0);
    if (!decoded.ok)
      throw new SpoolCorruptRecordError(
        `spool record at ${segmentFileName(ref.segment)}:${ref.offset} is damaged (${decoded.problem})`,
      );
    return decoded.payload;
  }

  /** Marks the head record as written; deletes its segment when nothing in it is left to write. */
  ack(ref: SpoolRecordRef): Promise<void> {
    return this.locked(async () => {
      if (this.queue[this.queueHead] !== ref)
        throw new Error('spool records are acknowledged in order');
      this.queueHead += 1;
      this.points -= ref.points;
      if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
        this.queue.splice(0, this.queueHead);
        this.queueHead = 0;
      }
      const segment = this.segments.find((s) => s.seq === ref.segment);
      if (!segment) return;
      segment.unacked -= 1;
      const drained = this.pendingRecords === 0;
      if (segment.unacked === 0 && (segment.sealed || drained)) await this.removeSegment(segment);
    });
  }

  async close(): Promise<void> {
    await this.locked(async () => {
      this.closed = true;
      await this.writer?.handle.close().catch(() => undefined);
      await this.reader?.handle.close().catch(() => undefined);
      this.writer = null;
      this.reader = null;
    });
  }

  private appendRecord(record: Buffer, points: number, precision: Precision): Promise<void> {
    return this.locked(async () => {
      if (this.closed) throw new SpoolClosedError('the spool is closed');
      if (!this.hasRoomFor(record.length)) throw new SpoolFullError('the spool is full');
      const current = this.writer?.segment;
      if (!current || (current.size > 0 && current.size + record.length > this.segmentBytes))
        await this.startSegment();
      const { segment, handle } = this.writer!;
      const offset = segment.size;
      try {
        let written = 0;
        while (written < record.length) {
          const { bytesWritten } = await handle.write(
            record,
            written,
            record.length - written,
            offset + written,
          );
          written += bytesWritten;
        }
        await handle.datasync();
      } catch (err) {
        await this.abandonPartialWrite(offset);
        throw err;
      }
      segment.size += record.length;
      segment.unacked += 1;
      this.totalBytes += record.length;
      this.points += points;
      this.queue.push({
        segment: segment.seq,
        offset,
        length: record.length,
        spooledAt: recordSpooledAt(record),
        points,
        precision,
      });
      this.appended.notify();
    });
  }

  /** After a failed write (disk full, I/O error): cut the partial record off, or give up on the segment. */
  private async abandonPartialWrite(offset: number): Promise<void> {
    const writer = this.writer!;
    try {
      await writer.handle.truncate(offset);
    } catch {
      // The torn bytes stay; a restart's scan drops them. No more appends after them.
      writer.segment.sealed = true;
      await writer.handle.close().catch(() => undefined);
      this.writer = null;
    }
  }

  private async startSegment(): Promise<void> {
    if (this.writer) {
      const previous = this.writer.segment;
      previous.sealed = true;
      await this.writer.handle.close();
      this.writer = null;
      if (previous.unacked === 0) await this.removeSegment(previous);
    }
    await mkdir(this.dir, { recursive: true });
    const seq = this.nextSeq++;
    const path = join(this.dir, segmentFileName(seq));
    const handle = await open(path, 'wx');
    await syncDir(this.dir);
    const segment: Segment = { seq, path, size: 0, unacked: 0, sealed: false };
    this.segments.push(segment);
    this.writer = { segment, handle };
  }

  private async removeSegment(segment: Segment): Promise<void> {
    if (this.reader?.seq === segment.seq) {
      await this.reader.handle.close().catch(() => undefined);
      this.reader = null;
    }
    if (this.writer?.segment === segment) {
      await this.writer.handle.close().catch(() => undefined);
      this.writer = null;
    }
    await rm(segment.path, { force: true });
    this.segments.splice(this.segments.indexOf(segment), 1);
    this.totalBytes -= segment.size;
    this.freed.notify();
  }

  private async recover(): Promise<SpoolRecovery> {
    const { logger } = this.options;
    await mkdir(this.dir, { recursive: true });
    const files = (await readdir(this.dir))
      .map((name) => ({ name, match: SEGMENT_FILE.exec(name) }))
      .filter((f) => f.match)
      .map((f) => ({ name: f.name, seq: Number(f.match![1]) }))
      .sort((a, b) => a.seq - b.seq);
    let droppedBytes = 0;
    for (const { name, seq } of files) {
      const path = join(this.dir, name);
      const buf = await readFile(path);
      const scan = scanSegment(buf);
      if (scan.validEnd < buf.length) {
        await truncate(path, scan.validEnd);
        droppedBytes += buf.length - scan.validEnd;
        logger.warn('spool: dropped a torn record at the end of a segment', {
          segment: name,
          droppedBytes: buf.length - scan.validEnd,
        });
      }
      if (scan.skippedBytes > 0) {
        droppedBytes += scan.skippedBytes;
        logger.error('spool: skipped damaged bytes inside a segment', {
          segment: name,
          skippedBytes: scan.skippedBytes,
        });
      }
      this.nextSeq = Math.max(this.nextSeq, seq + 1);
      if (scan.records.length === 0) {
        await rm(path, { force: true });
        continue;
      }
      this.segments.push({
        seq,
        path,
        size: scan.validEnd,
        unacked: scan.records.length,
        sealed: true,
      });
      this.totalBytes += scan.validEnd;
      for (const record of scan.records) {
        this.queue.push({ ...record, segment: seq });
        this.points += record.points;
      }
    }
    return { records: this.pendingRecords, points: this.points, droppedBytes };
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.chain.then(fn);
    this.chain = result.catch(() => undefined);
    return result;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
