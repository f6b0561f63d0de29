import { backoffDelay, sleep, type BackoffOptions } from '../../lib/backoff.js';

export interface MicroBatcherOptions<T> {
  /** Flush as soon as the batch holds this many items. */
  maxItems: number;
  /** ... or this long after its first item arrived. */
  maxWaitMs: number;
  /** Stores a batch; a throw keeps the batch and retries it (with backoff) until it succeeds or stop. */
  flush(items: T[], signal: AbortSignal): Promise<void>;
  retry: BackoffOptions;
  onFlushError?(err: unknown, attempt: number, retryInMs: number): void;
}

interface Entry<T> {
  item: T;
  key: string | null;
  /** Acknowledgements of every delivery of this item (a redelivery adds one). */
  acks: (() => void)[];
}

/**
 * Collects items into batches (N items or T ms, whichever comes first) and stores one batch at a
 * time. An item's acknowledgement runs only after the batch holding it was stored, so the sender can
 * keep its copy until then. An item added again with the same key while the first copy waits or is
 * being stored is not stored twice: its acknowledgement joins the first copy's.
 */
export class MicroBatcher<T> {
  private pending: Entry<T>[] = [];
  private pendingKeys = new Map<string, Entry<T>>();
  private inFlightKeys = new Map<string, Entry<T>>();
  private firstAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private readonly abort = new AbortController();
  private stopped = false;

  constructor(private readonly options: MicroBatcherOptions<T>) {}

  /** Items waiting for a flush (not counting the batch being stored). */
  get size(): number {
    return this.pending.length;
  }

  /** Adds an item; false when the batcher is stopped (the item was not taken, do not acknowledge it). */
  add(item: T, ack: () => void, key: string | null = null): boolean {
    if (this.stopped) return false;
    if (key !== null) {
      const existing = this.pendingKeys.get(key) ?? this.inFlightKeys.get(key);
      if (existing) {
        existing.acks.push(ack);
        return true;
      }
    }
    const entry: Entry<T> = { item, key, acks: [ack] };
    this.pending.push(entry);
    if (key !== null) this.pendingKeys.set(key, entry);
    this.firstAt ??= Date.now();
    if (this.pending.length >= this.options.maxItems) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.options.maxWaitMs);
    return true;
  }

  /** Stores what is pending now (the rest of the batches follow), then stops taking items. */
  async stop(graceMs: number): Promise<'done' | 'timeout'> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const drained = this.drain();
    let graceTimer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      drained.then(() => 'done' as const),
      new Promise<'timeout'>(
        (resolve) => (graceTimer = setTimeout(() => resolve('timeout'), graceMs)),
      ),
    ]);
    clearTimeout(graceTimer);
    if (outcome === 'timeout') {
      this.abort.abort();
      await drained.catch(() => undefined);
    }
    return outcome;
  }

  /** Drops everything without storing or acknowledging it (a crash, as far as the sender can tell). */
  abandon(): void {
    this.stopped = true;
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
    this.pendingKeys.clear();
  }

  private async drain(): Promise<void> {
    while (this.flushing || this.pending.length > 0) {
      if (this.flushing) await this.flushing;
      else this.kick();
      if (this.abort.signal.aborted) return;
    }
  }

  private kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.flushing || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.options.maxItems);
    for (const entry of batch) {
      if (entry.key !== null) {
        this.pendingKeys.delete(entry.key);
        this.inFlightKeys.set(entry.key, entry);
      }
    }
    this.firstAt = this.pending.length ? Date.now() : null;
    this.flushing = this.store(batch).finally(() => {
      for (const entry of batch) if (entry.key !== null) this.inFlightKeys.delete(entry.key);
      this.flushing = null;
      if (this.pending.length >= this.options.maxItems) this.kick();
      else if (this.pending.length > 0 && !this.stopped) {
        const waited = Date.now() - (this.firstAt ?? Date.now());
        this.timer ??= setTimeout(() => this.kick(), Math.max(0, this.options.maxWaitMs - waited));
      } else if (this.pending.length > 0) this.kick();
    });
  }

  private async store(batch: Entry<T>[]): Promise<void> {
    const items = batch.map((e) => e.item);
    for (let attempt = 1; ; attempt++) {
      if (this.abort.signal.aborted) return;
      try {
        await this.options.flush(items, this.abort.signal);
        break;
      } catch (err) {
        if (this.abort.signal.aborted) return;
        const delay = backoffDelay(attempt, this.options.retry);
        this.options.onFlushError?.(err, attempt, delay);
        await sleep(delay, this.abort.signal);
      }
    }
    // Abandoned meanwhile: the sender's connection is gone; its copies will be delivered again.
    if (this.abort.signal.aborted) return;
    for (const entry of batch) for (const ack of entry.acks) ack();
  }
}
