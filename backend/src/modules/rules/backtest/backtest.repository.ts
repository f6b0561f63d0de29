import { Inject, Injectable } from '@nestjs/common';
import { BACKTEST_LIMITS, type Backtest, BacktestSchema, redisKeys } from '@cityops/contracts';
import type { InfluxDB } from 'influx';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '../../../config/config.module.js';
import type { AppConfig } from '../../../config/app-config.js';
import { INFLUX } from '../../../infra/influx/influx.js';
import { REDIS } from '../../../infra/redis/redis.js';
import type { ReadingPoint } from '../../alerting/alert-state-machine.js';
import {
  type SeriesFilter,
  type SeriesTags,
  chunkQuery,
  parseSeriesKey,
  seriesQuery,
  toTags,
} from './backtest-query.js';

interface RawSeries {
  tags?: Record<string, string>;
  columns: string[];
  values?: unknown[][];
}
interface RawResult {
  results?: { error?: string; partial?: boolean; series?: RawSeries[] }[];
  error?: string;
}

export type ChunkData = Map<string, { tags: SeriesTags; points: ReadingPoint[] }>;

/** A chunk shorter than this is not split further when InfluxDB cuts an answer short. */
const MIN_SPLIT_MS = 60_000;

/**
 * Backtest I/O: the history in InfluxDB (read only: one grouped InfluxQL statement per chunk) and
 * each backtest's status and result in Redis (kept BACKTEST_LIMITS.resultTtlHours).
 */
@Injectable()
export class BacktestRepository {
  constructor(
    @Inject(INFLUX) private readonly influx: InfluxDB,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The series the rule covers. */
  async series(filter: SeriesFilter): Promise<SeriesTags[]> {
    const result = await this.query(seriesQuery(filter));
    const keys = result.series?.flatMap((s) => (s.values ?? []).map((v) => String(v[0]))) ?? [];
    const byAsset = new Map<string, SeriesTags>();
    for (const key of keys) {
      const tags = parseSeriesKey(key);
      if (tags) byAsset.set(`${tags.assetId}|${tags.district}|${tags.kind}`, tags);
    }
    return [...byAsset.values()];
  }

  /**
   * The points of [from, to) per series (asset id; an asset that moved district keeps one run), sorted
   * by time. An answer InfluxDB cuts short (max-row-limit) is read again in halves.
   */
  async chunk(
    filter: SeriesFilter,
    from: number,
    to: number,
  ): Promise<{ data: ChunkData; queries: number }> {
    const result = await this.query(chunkQuery(filter, from, to));
    if (result.partial && to - from > MIN_SPLIT_MS) {
      const middle = from + Math.floor((to - from) / 2);
      const [a, b] = [await this.chunk(filter, from, middle), await this.chunk(filter, middle, to)];
      for (const [id, entry] of b.data) {
        const existing = a.data.get(id);
        if (existing) existing.points.push(...entry.points);
        else a.data.set(id, entry);
      }
      return { data: a.data, queries: 1 + a.queries + b.queries };
    }
    if (result.partial)
      throw new Error('InfluxDB cut the answer short even for a one-minute chunk (max-row-limit)');
    const data: ChunkData = new Map();
    for (const series of result.series ?? []) {
      const tags = toTags(series.tags ?? {});
      if (!tags) continue;
      const points: ReadingPoint[] = [];
      const single = series.columns.length === 2;
      for (const row of series.values ?? []) {
        const ts = Number(row[0]);
        if (!Number.isFinite(ts)) continue;
        if (single) {
          const value = row[1];
          if (typeof value === 'number' && Number.isFinite(value)) points.push({ ts, value });
        } else {
          // Every field (a no-data rule without a metric): any reading counts; the value is unused.
          points.push({ ts, value: 1 });
        }
      }
      const entry = data.get(tags.assetId);
      if (entry) entry.points.push(...points);
      else data.set(tags.assetId, { tags, points });
    }
    for (const entry of data.values()) entry.points.sort((a, b) => a.ts - b.ts);
    return { data, queries: 1 };
  }

  private async query(q: string): Promise<NonNullable<RawResult['results']>[number]> {
    const raw = (await this.influx.queryRaw(q, { precision: 'ms' })) as RawResult;
    const result = raw.results?.[0];
    const error = raw.error ?? result?.error;
    if (error) throw new Error(`InfluxDB: ${error}`);
    return result ?? {};
  }

  // ---- Status and results ----

  private key(id: string): string {
    return redisKeys(this.config.REDIS_PREFIX).backtest(id);
  }

  async save(backtest: Backtest): Promise<void> {
    await this.redis.set(
      this.key(backtest.id),
      JSON.stringify(backtest),
      'EX',
      BACKTEST_LIMITS.resultTtlHours * 3600,
    );
  }

  async load(id: string): Promise<Backtest | null> {
    const text = await this.redis.get(this.key(id));
    if (!text) return null;
    const parsed = BacktestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  }
}
