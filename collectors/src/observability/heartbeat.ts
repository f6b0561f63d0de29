import type { CollectorHeartbeat } from '@cityops/contracts';
import type { Logger } from './logger.js';
import type { CollectorStats } from './stats.js';

/** The Redis calls the heartbeat needs (ioredis' set with PX, and del). */
export interface HeartbeatStore {
  set(key: string, value: string, px: 'PX', ms: number): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

export const HEARTBEAT_INTERVAL_MS = 10_000;
export const HEARTBEAT_TTL_MS = 30_000;

/** `{ts, sources:[{name, lagMs, lastError}], spoolBytes}` as the backend reads it (contracts' CollectorHeartbeatSchema). */
export function buildHeartbeat(stats: CollectorStats, now: number): CollectorHeartbeat {
  return {
    ts: now,
    sources: stats.sourceStatuses(now),
    spoolBytes: stats.sinkState()?.spool?.bytes ?? 0,
  };
}

/**
 * Every 10 s, writes this instance's heartbeat to `<prefix>:collectors:<instanceId>` with a 30 s TTL,
 * so the key disappears by itself when the collector dies; a graceful stop deletes it at once.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | null = null;
  private failing = false;

  constructor(
    private readonly store: HeartbeatStore,
    readonly key: string,
    private readonly stats: CollectorStats,
    private readonly logger: Logger,
    private readonly intervalMs = HEARTBEAT_INTERVAL_MS,
    private readonly ttlMs = HEARTBEAT_TTL_MS,
  ) {}

  start(): void {
    if (this.timer) return;
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.intervalMs);
    this.timer.unref();
  }

  async beat(now = Date.now()): Promise<void> {
    try {
      await this.store.set(
        this.key,
        JSON.stringify(buildHeartbeat(this.stats, now)),
        'PX',
        this.ttlMs,
      );
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.logger.warn('cannot write the heartbeat to Redis', { err });
      this.failing = true;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.store.del(this.key).catch(() => undefined);
  }
}
