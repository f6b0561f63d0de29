import { crc32 } from 'node:zlib';

/**
 * One spool record: a batch of line protocol as it will be POSTed to InfluxDB, framed so that a
 * record cut short by a crash (or damaged on disk) is recognised and never replayed as garbage.
 *
 * ```
 * offset  size  field
 *      0     4  magic "CSP1"
 *      4     4  payload length in bytes (uint32 LE)
 *      8     4  CRC-32 of bytes 12 .. end of payload (uint32 LE)
 *     12     8  spooledAt, epoch ms (float64 LE)
 *     20     4  points in the payload (uint32 LE)
 *     24     4  timestamp precision of the lines: 0 ms, 1 ns, 2 us, 3 s (uint32 LE)
 *     28     n  payload: UTF-8 line protocol, lines separated by "\n"
 * ```
 */
export const RECORD_MAGIC = Buffer.from('CSP1', 'latin1');
export const RECORD_HEADER_BYTES = 28;

/** Timestamp precisions InfluxDB 1.x accepts on /write, as spool records store them. */
export const PRECISIONS = ['ms', 'ns', 'u', 's'] as const;
export type Precision = (typeof PRECISIONS)[number];
/** Far above any batch the writer makes (5,000 lines); a bigger length field means damage. */
export const MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

export interface RecordMeta {
  /** Offset of the record's first byte in its segment. */
  offset: number;
  /** Header and payload. */
  length: number;
  spooledAt: number;
  points: number;
  precision: Precision;
}

/** Frames a payload (a string is written as UTF-8 straight into the record, without a second copy). */
export function encodeRecord(
  payload: string | Buffer,
  spooledAt: number,
  points: number,
  precision: Precision = 'ms',
): Buffer {
  const payloadBytes =
    typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.length;
  if (payloadBytes > MAX_PAYLOAD_BYTES)
    throw new RangeError(`spool record of ${payloadBytes} bytes exceeds ${MAX_PAYLOAD_BYTES}`);
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payloadBytes);
  RECORD_MAGIC.copy(record, 0);
  record.writeUInt32LE(payloadBytes, 4);
  record.writeDoubleLE(spooledAt, 12);
  record.writeUInt32LE(points, 20);
  record.writeUInt32LE(PRECISIONS.indexOf(precision), 24);
  if (typeof payload === 'string') record.write(payload, RECORD_HEADER_BYTES, 'utf8');
  else payload.copy(record, RECORD_HEADER_BYTES);
  record.writeUInt32LE(crc32(record.subarray(12)), 8);
  return record;
}

/** The spooledAt of an encoded record (no checks: for records this process just encoded). */
export function recordSpooledAt(record: Buffer): number {
  return record.readDoubleLE(12);
}

export type DecodedRecord =
  | { ok: true; meta: RecordMeta; payload: Buffer }
  | {
      ok: false;
      problem: 'truncated' | 'bad_magic' | 'bad_length' | 'bad_checksum' | 'bad_precision';
    };

/** Reads the record starting at `offset`, checking its frame and checksum. */
export function decodeRecordAt(buf: Buffer, offset: number): DecodedRecord {
  if (buf.length - offset < RECORD_HEADER_BYTES) return { ok: false, problem: 'truncated' };
  if (buf.compare(RECORD_MAGIC, 0, 4, offset, offset + 4) !== 0)
    return { ok: false, problem: 'bad_magic' };
  const payloadBytes = buf.readUInt32LE(offset + 4);
  if (payloadBytes > MAX_PAYLOAD_BYTES) return { ok: false, problem: 'bad_length' };
  const end = offset + RECORD_HEADER_BYTES + payloadBytes;
  if (end > buf.length) return { ok: false, problem: 'truncated' };
  if (crc32(buf.subarray(offset + 12, end)) !== buf.readUInt32LE(offset + 8))
    return { ok: false, problem: 'bad_checksum' };
  const precision = PRECISIONS[buf.readUInt32LE(offset + 24)];
  if (precision === undefined) return { ok: false, problem: 'bad_precision' };
  return {
    ok: true,
    meta: {
      offset,
      length: end - offset,
      spooledAt: buf.readDoubleLE(offset + 12),
      points: buf.readUInt32LE(offset + 20),
      precision,
    },
    payload: buf.subarray(offset + RECORD_HEADER_BYTES, end),
  };
}

export interface SegmentScan {
  records: RecordMeta[];
  /** End of the last good record: everything after it is a torn or damaged tail. */
  validEnd: number;
  /** Damaged bytes between good records (skipped, reported, never replayed). */
  skippedBytes: number;
}

/**
 * Finds every intact record in a segment. After a damaged record it looks for the next magic whose
 * record checks out, so damage in the middle costs only the damaged record; a record cut short by a
 * crash is always the tail and ends the scan.
 */
export function scanSegment(buf: Buffer): SegmentScan {
  const records: RecordMeta[] = [];
  let offset = 0;
  let validEnd = 0;
  let skippedBytes = 0;
  while (offset < buf.length) {
    const decoded = decodeRecordAt(buf, offset);
    if (decoded.ok) {
      if (offset > validEnd) skippedBytes += offset - validEnd;
      records.push(decoded.meta);
      offset += decoded.meta.length;
      validEnd = offset;
      continue;
    }
    const next = buf.indexOf(RECORD_MAGIC, offset + 1);
    if (next === -1) break;
    offset = next;
  }
  return { records, validEnd, skippedBytes };
}
