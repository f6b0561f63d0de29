import { sleep } from '../lib/backoff.js';
import type { Logger } from '../observability/logger.js';
import type { CollectorStats } from '../observability/stats.js';
import type { CollectorSource, SourceSlot } from '../sources/start-sources.js';
import {
  afterRenewal,
  callBudget,
  heldUntil,
  renewDelay,
  type LeaseTiming,
  type RenewOutcome,
} from './lease-timing.js';
import type { AcquireResult, RedisLease } from './redis-lease.js';

export type LeaseState = 'standby' | 'active';

export interface LeasedSourceDeps {
  lease: Pick<RedisLease, 'acquire' | 'renew' | 'release' | 'key' | 'owner'>;
  timing: LeaseTiming;
  logger: Logger;
  stats?: Pick<CollectorStats, 'setLeaseHeld' | 'forgetSource'>;
  /** How long a source that lost its lease may finish the batch in hand before it is abandoned. */
  lossGraceMs: number;
  now?: () => number;
}

class CallTimeout extends Error {
  override readonly name = 'CallTimeout';
}

/** `work`, or a CallTimeout after `ms` (the call itself may still land later; callers allow for that). */
async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CallTimeout(`no answer from Redis within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}

/**
 * Runs one source only while this instance holds the source's lease. As a standby it tries to
 * acquire every `acquireEveryMs`; once it holds the lease it starts a fresh source instance and
 * renews every `renewEveryMs`. When a renewal finds the key gone or held by another owner, or
 * Redis has not confirmed the lease for a whole ttl, the source is stopped (the batch in hand may
 * finish for `lossGraceMs`; its checkpoint is refused without the lease, so the successor reads it
 * again) and the instance goes back to standby. `stop()` stops the source while still renewing
 * (so its last checkpoint is accepted), then releases the lease for a standby to take at once.
 */
export class LeasedSource {
  private held = false;
  private until = 0;
  private nextRenewInMs = 0;
  private active: CollectorSource | null = null;
  private stopping: Promise<void> | null = null;
  private closing = false;
  private finished = false;
  private wake = new AbortController();
  private running: Promise<void> | null = null;
  private lastHolder: string | null = null;
  private lastProblem: string | null = null;
  private readonly logger: Logger;

  constructor(
    private readonly slot: SourceSlot,
    private readonly deps: LeasedSourceDeps,
  ) {
    this.logger = deps.logger.child({ source: slot.name });
    deps.stats?.setLeaseHeld(slot.name, false);
  }

  get source(): string {
    return this.slot.name;
  }

  get state(): LeaseState {
    return this.held ? 'active' : 'standby';
  }

  /** The running source instance (null in standby). */
  get current(): CollectorSource | null {
    return this.active;
  }

  /** For GET /health: what this instance does with the source and, in standby, who holds it. */
  describe(): string {
    if (this.held) return `active: ${this.source}`;
    const holder = this.lastHolder ? ` (held by ${this.lastHolder})` : '';
    const problem = this.lastProblem ? ` (${this.lastProblem})` : '';
    return `standby: ${this.source}${holder}${problem}`;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Stops the source (renewing meanwhile), then releases the lease. */
  async stop(graceMs = 30_000): Promise<void> {
    this.closing = true;
    this.wakeUp();
    const source = this.active;
    if (source) {
      this.stopping ??= source.stop(graceMs);
      await this.stopping;
      this.active = null;
    }
    this.finished = true;
    this.wakeUp();
    await this.running;
    if (this.held) {
      this.held = false;
      this.deps.stats?.setLeaseHeld(this.source, false);
      const released = await within(this.deps.lease.release(), this.deps.timing.renewEveryMs).catch(
        () => false,
      );
      this.logger.info(released ? 'lease released' : 'lease not released (it expires by itself)', {
        key: this.deps.lease.key,
      });
    }
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private wakeUp(): void {
    this.wake.abort();
    this.wake = new AbortController();
  }

  private pause(ms: number): Promise<void> {
    return sleep(ms, this.wake.signal);
  }

  private async loop(): Promise<void> {
    const { timing } = this.deps;
    while (!this.finished) {
      if (!this.held) {
        if (this.closing) break;
        if (await this.tryAcquire()) continue;
        if (this.closing) break;
        await this.pause(timing.acquireEveryMs);
        continue;
      }
      await this.pause(this.nextRenewInMs);
      if (this.finished) break;
      await this.renewOnce();
    }
  }

  private async tryAcquire(): Promise<boolean> {
    const { lease, timing } = this.deps;
    const sentAt = this.now();
    let result: AcquireResult;
    try {
      result = await within(lease.acquire(), callBudget(sentAt, null, timing));
    } catch (err) {
      this.noteProblem('cannot reach Redis to acquire the lease', err);
      return false;
    }
    this.lastProblem = null;
    if (!result.acquired) {
      if (result.holder !== this.lastHolder)
        this.logger.info('standby: another instance holds the lease', {
          holder: result.holder,
          key: lease.key,
        });
      this.lastHolder = result.holder;
      return false;
    }
    if (this.closing) {
      // Won while stopping: give it back rather than start a source.
      await within(lease.release(), timing.renewEveryMs).catch(() => false);
      return false;
    }
    this.held = true;
    this.lastHolder = null;
    this.until = heldUntil(sentAt, timing.ttlMs);
    this.nextRenewInMs = renewDelay(this.now(), this.until, timing);
    this.deps.stats?.setLeaseHeld(this.source, true);
    this.logger.info('lease acquired; starting the source', { owner: lease.owner, key: lease.key });
    try {
      this.active = this.slot.create();
      this.active.start();
    } catch (err) {
      this.logger.error('the source could not start; giving the lease back', { err });
      this.active = null;
      await this.giveUp('the source could not start');
      await within(lease.release(), timing.renewEveryMs).catch(() => false);
    }
    return this.held;
  }

  private async renewOnce(): Promise<void> {
    const { lease, timing } = this.deps;
    const sentAt = this.now();
    let outcome: RenewOutcome;
    try {
      outcome = (await within(lease.renew(), callBudget(sentAt, this.until, timing)))
        ? 'extended'
        : 'lost';
    } catch (err) {
      this.noteProblem(
        'lease renewal got no answer; keeping the source while the lease lasts',
        err,
      );
      outcome = 'unknown';
    }
    const decision = afterRenewal(
      outcome,
      { sentAt, now: this.now(), heldUntil: this.until },
      timing,
    );
    if (decision.keep) {
      if (outcome === 'extended') this.lastProblem = null;
      this.until = decision.heldUntil;
      this.nextRenewInMs = decision.nextInMs;
      return;
    }
    await this.giveUp(
      decision.reason === 'lost'
        ? 'the lease is gone or held by another instance'
        : 'the lease could not be renewed for a whole ttl',
    );
  }

  /** Back to standby: the source stops at once (the batch in hand gets `lossGraceMs`). */
  private async giveUp(why: string): Promise<void> {
    this.held = false;
    this.deps.stats?.setLeaseHeld(this.source, false);
    const source = this.active;
    if (!source) return;
    this.logger.warn('lease lost; stopping the source and going back to standby', { why });
    this.stopping ??= source.stop(this.deps.lossGraceMs);
    try {
      await this.stopping;
    } finally {
      this.stopping = null;
      this.active = null;
      this.deps.stats?.forgetSource(this.source);
    }
  }

  private noteProblem(msg: string, err: unknown): void {
    const text = err instanceof Error ? err.message : String(err);
    if (this.lastProblem !== text) this.logger.warn(msg, { err });
    this.lastProblem = text;
  }
}
