import type { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { logConnectionErrors } from './redis.js';

export interface SharedCacheSyncOptions {
  /** Loads the data into the owner's memory. */
  load: () => Promise<void>;
  redis: Redis;
  /** Pub/sub channel on which any process announces a change. */
  channel: string;
  /** What the cache holds, for connection names and log lines ("rules", "watches"). */
  name: string;
  /** Safety net for a lost message: reload (or run `periodic`) this often. */
  refreshMs: number;
  /** Runs every refreshMs instead of a plain reload (it should reload too). */
  periodic?: () => Promise<void>;
  logger: Logger;
}

/**
 * Keeps a per-process, in-memory copy of shared data current: reloaded when any process announces
 * a change over Redis pub/sub, and every refreshMs in case a message was lost. One load runs at a
 * time; a request during a load runs it once more afterwards, so the last change is never missed.
 */
export class SharedCacheSync {
  private subscriber: Redis | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reloading: Promise<void> | null = null;
  private reloadAgain = false;
  private periodicRun: Promise<void> | null = null;

  constructor(private readonly options: SharedCacheSyncOptions) {}

  /** Loads once, then follows changes. */
  async start(): Promise<void> {
    const { redis, channel, name, logger } = this.options;
    await this.reload();
    this.subscriber = redis.duplicate({ connectionName: `cityops-${name}-sub` });
    this.subscriber.on('message', () => this.scheduleReload());
    logConnectionErrors(this.subscriber, (message) =>
      logger.warn(`${name} change subscription: ${message}`),
    );
    await this.subscriber.subscribe(channel);
    this.timer = setInterval(() => void this.tick(), this.options.refreshMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
    await this.periodicRun?.catch(() => undefined);
    await this.reloading?.catch(() => undefined);
  }

  /** Reloads here; one load at a time, a request during a load runs once more. */
  reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      try {
        do {
          this.reloadAgain = false;
          await this.options.load();
        } while (this.reloadAgain);
      } finally {
        this.reloading = null;
      }
    })();
    return this.reloading;
  }

  /** After a change made here: reload here and tell the other processes. */
  async announce(): Promise<void> {
    await this.reload();
    const { redis, channel, name, refreshMs, logger } = this.options;
    await redis.publish(channel, String(Date.now())).catch((error: Error) => {
      logger.warn(
        `could not announce a change of ${name} (others reload within ${refreshMs / 1000} s): ${error.message}`,
      );
    });
  }

  private scheduleReload(): void {
    this.reload().catch((error: Error) =>
      this.options.logger.warn(`reloading ${this.options.name}: ${error.message}`),
    );
  }

  private tick(): Promise<void> {
    const periodic = this.options.periodic;
    if (!periodic) {
      this.scheduleReload();
      return Promise.resolve();
    }
    if (this.periodicRun) return this.periodicRun;
    this.periodicRun = periodic()
      .catch((error: Error) => this.options.logger.warn(`${this.options.name}: ${error.message}`))
      .finally(() => {
        this.periodicRun = null;
      });
    return this.periodicRun;
  }
}
