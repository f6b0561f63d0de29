import { finishWithin } from '../../lib/finish-within.js';
import type { CheckpointStore } from '../../checkpoints/file-checkpoint-store.js';
import { backoffDelay, sleep, type BackoffOptions } from '../../lib/backoff.js';
import type { Logger } from '../../observability/logger.js';
import type { CollectorStats } from '../../observability/stats.js';
import { planAfterPage, type CursorPage } from './cursor-page.js';
import { fetchJson } from './fetch-json.js';

/** Full pages read back to back before the poller rests anyway (a source whose paging never ends). */
export const MAX_PAGES_WITHOUT_REST = 10_000;

export interface PageBatch<T> {
  items: T[];
  /** The cursor the page was asked with (null on a collector's very first request). */
  cursor: string | null;
  next: string | null;
}

export interface HttpPollerOptions<T> {
  /** Source instance name; also names its checkpoint. */
  source: string;
  buildUrl(cursor: string | null, limit: number): string;
  /** Checks the page envelope; throws on anything else. */
  parsePage(body: unknown): CursorPage<T>;
  /** Stores the page's items. The cursor advances only after this resolves. */
  handlePage(batch: PageBatch<T>, signal: AbortSignal): Promise<void>;
  /** Resolves when the sink can take another page (backpressure); awaited before every fetch. */
  ready?(signal: AbortSignal): Promise<void>;
  checkpoints: CheckpointStore;
  pageLimit: number;
  pollIntervalMs: number;
  fetchTimeoutMs: number;
  backoff: BackoffOptions;
  logger: Logger;
  stats?: CollectorStats;
}

/**
 * Generic cursor-paging HTTP poller: fetch a page, validate it, hand it over, and only then checkpoint
 * and advance the cursor. Full pages are followed at once; after a short or empty page it waits the
 * poll interval. Any failure backs off (capped, exponential) and retries from the same cursor, so a
 * page is delivered at least once and the cursor is never lost.
 */
export class HttpPoller<T> {
  private readonly idle = new AbortController();
  private readonly work = new AbortController();
  private stopping = false;
  private running: Promise<void> | null = null;
  private cursor: string | null = null;
  private failures = 0;
  /** The cursors of the full pages read back to back since the last rest. */
  private readonly burst = new Set<string>();

  constructor(private readonly options: HttpPollerOptions<T>) {
    options.stats?.registerSource(options.source);
  }

  get source(): string {
    return this.options.source;
  }

  /** The cursor the next request will use (what the checkpoint holds). */
  get currentCursor(): string | null {
    return this.cursor;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Lets the batch in hand finish and checkpoint; after `graceMs` it is abandoned (and will be read again next start). */
  async stop(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    this.idle.abort();
    if (!this.running) return;
    if ((await finishWithin(this.running, graceMs)) === 'timeout') {
      this.options.logger.warn('batch did not finish within the grace period; abandoning it', {
        source: this.source,
        graceMs,
      });
      this.work.abort();
      await this.running;
    }
  }

  /** Runs one poll step; exposed for the loop and for tests. Returns whether to fetch again at once. */
  async pollOnce(): Promise<boolean> {
    const {
      buildUrl,
      parsePage,
      handlePage,
      checkpoints,
      pageLimit,
      fetchTimeoutMs,
      source,
      stats,
    } = this.options;
    // While the writer is behind (every slot busy, the disk spool full), do not fetch more.
    await this.options.ready?.(this.idle.signal);
    const url = buildUrl(this.cursor, pageLimit);
    // An unfinished fetch may be dropped on shutdown; nothing has been handed over yet.
    const page = parsePage(await fetchJson(url, fetchTimeoutMs, this.idle.signal));
    if (page.items.length > 0) {
      await handlePage(
        { items: page.items, cursor: this.cursor, next: page.next },
        this.work.signal,
      );
      stats?.recordPage(source);
    }
    const plan = planAfterPage(page, this.cursor, pageLimit);
    let more = plan.more;
    if (this.burst.size === 0) this.burst.add(this.cursor ?? '');
    if (plan.advanceTo !== null) {
      // A `next` that leads back to a page already read in this run of full pages is a loop in the
      // source: without this the poller would read the same pages again and again with no rest.
      if (more && (this.burst.has(plan.advanceTo) || this.burst.size >= MAX_PAGES_WITHOUT_REST)) {
        this.options.logger.warn(
          'the source keeps paging (a loop or no end); resting before the next page',
          {
            source,
            next: plan.advanceTo,
            pages: this.burst.size,
          },
        );
        more = false;
      }
      await checkpoints.save(source, plan.advanceTo);
      this.cursor = plan.advanceTo;
    }
    if (more) this.burst.add(this.cursor ?? '');
    else this.burst.clear();
    return more;
  }

  private async loop(): Promise<void> {
    const { logger, checkpoints, source, backoff, pollIntervalMs, stats } = this.options;
    let loaded = false;
    while (!this.stopping) {
      try {
        if (!loaded) {
          this.cursor = (await checkpoints.load(source))?.cursor ?? null;
          loaded = true;
          logger.info('source started', { source, cursor: this.cursor });
        }
        const more = await this.pollOnce();
        if (this.failures > 0)
          logger.info('source recovered', { source, afterFailures: this.failures });
        stats?.recordSourceOk(source);
        this.failures = 0;
        if (!more) await sleep(pollIntervalMs, this.idle.signal);
      } catch (err) {
        if (this.stopping && (this.idle.signal.aborted || this.work.signal.aborted)) break;
        this.failures += 1;
        stats?.recordSourceError(source, err);
        const delay = backoffDelay(this.failures, backoff);
        const log = this.failures >= 5 ? logger.error : logger.warn;
        log('source poll failed; keeping the cursor and retrying', {
          source,
          cursor: this.cursor,
          attempt: this.failures,
          retryInMs: delay,
          err,
        });
        await sleep(delay, this.idle.signal);
      }
    }
    logger.info('source stopped', { source, cursor: this.cursor });
  }
}
