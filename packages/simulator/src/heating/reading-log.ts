/** A reading as the reference protocols carry it: ISO time with offset, metrics by name. */
export interface SimReading {
  sensorId: string;
  ts: string;
  metrics: Record<string, number>;
}

/** What goes on the wire: a good reading or, under the bad_data scenario, one a collector must refuse. */
export interface WireReading {
  sensorId: string;
  ts: string;
  metrics: Record<string, unknown>;
}

/**
 * The last `capacity` readings, each numbered by a sequence that only grows (1, 2, 3, ...).
 * Old readings fall off the front; the sequence numbers of those kept never change.
 */
export class ReadingLog<T = WireReading> {
  private readonly slots: (T | undefined)[];
  private nextSeq = 1;

  constructor(readonly capacity = 200_000) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error('capacity must be a positive integer');
    this.slots = new Array<T | undefined>(capacity);
  }

  append(items: readonly T[]): void {
    for (const item of items) {
      this.slots[(this.nextSeq - 1) % this.capacity] = item;
      this.nextSeq += 1;
    }
  }

  /** Sequence number of the oldest kept item (equals lastSeq + 1 while empty). */
  get firstSeq(): number {
    return Math.max(1, this.nextSeq - this.capacity);
  }

  /** Sequence number of the newest item, 0 before the first. */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  get size(): number {
    return this.lastSeq - this.firstSeq + 1;
  }

  /**
   * Up to `limit` items with a sequence above `afterSeq`. A position older than the ring starts at the
   * oldest kept item: a slow reader loses what fell off, but is never stuck on an error.
   */
  readAfter(afterSeq: number, limit: number): { items: T[]; lastSeq: number } {
    const start = Math.max(afterSeq + 1, this.firstSeq);
    const end = Math.min(start + limit - 1, this.lastSeq);
    const items: T[] = [];
    for (let seq = start; seq <= end; seq++) items.push(this.slots[(seq - 1) % this.capacity]!);
    return { items, lastSeq: items.length ? end : Math.max(afterSeq, start - 1) };
  }
}
