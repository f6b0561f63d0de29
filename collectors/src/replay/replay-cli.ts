import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CsvError, DEFAULT_READING_CHECK, redisKeys } from '@cityops/contracts';
import { Redis } from 'ioredis';
import { ConfigError, loadConfig } from '../config.js';
import { CaseJobs } from '../domains/sanitation/case-jobs.js';
import { createLogger } from '../observability/logger.js';
import { CollectorStats } from '../observability/stats.js';
import { TelemetryJobs } from '../queue/telemetry-jobs.js';
import { AssetRegistry } from '../registry/asset-registry.js';
import { MappingError, resolveMapping } from './mappings/index.js';
import type { MappingOptions, ReplayMapping } from './mappings/types.js';
import {
  REPLAY_USAGE,
  UsageError,
  parseBound,
  parseReplayArgs,
  parseSensorMap,
  type ReplayArgs,
} from './replay-args.js';
import { pipelineSink } from './replay-pipeline.js';
import { mapRows, replayCsv, type ReplayProgress, type ReplaySink } from './replay-runner.js';
import { InfluxWriter } from '../sink/influx-writer.js';

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

export interface ReplayIo {
  out(line: string): void;
  err(line: string): void;
}

function progressLine(p: ReplayProgress): string {
  return (
    `replay: ${p.rowsRead} rows read (${p.rowsSkipped} skipped, ${p.tooOld} too old), ${p.sent}/${p.records} sent, ` +
    `${p.accepted} accepted, ${p.rejected} rejected, ${p.rate}/s, ${Math.round(p.elapsedMs / 1000)} s`
  );
}

/** A mapping argument is a built-in name, or a path to a JSON mapping file. */
async function loadMapping(arg: string): Promise<ReplayMapping> {
  try {
    return resolveMapping(arg);
  } catch (err) {
    if (!(err instanceof MappingError) || arg.trim().startsWith('{')) throw err;
    const text = await readFile(arg, 'utf8').catch(() => {
      throw err;
    });
    return resolveMapping(text);
  }
}

async function sensorMapFrom(arg: string | null): Promise<Map<string, string> | null> {
  if (arg === null) return null;
  if (arg.trim().startsWith('{')) return parseSensorMap(arg);
  const text = await readFile(arg, 'utf8').catch((err: Error) => {
    throw new UsageError(`cannot read --sensor-map ${arg}: ${err.message}`);
  });
  return parseSensorMap(text);
}

async function run(
  args: ReplayArgs,
  env: Record<string, string | undefined>,
  io: ReplayIo,
  signal?: AbortSignal,
): Promise<number> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(args.file));
  } catch (err) {
    io.err(`replay: cannot read ${args.file}: ${(err as Error).message}`);
    return 1;
  }
  const mapping = await loadMapping(args.mapping);
  if (args.domain && args.domain !== mapping.domain)
    throw new UsageError(
      `--domain ${args.domain}: the ${mapping.name} mapping produces ${mapping.domain}`,
    );
  const timezone = args.timezone ?? mapping.defaultTimezone;
  const mappingOptions: MappingOptions = {
    timezone,
    sensorMap: await sensorMapFrom(args.sensorMap),
    sensorPool: args.sensorPool,
    relocate: args.relocate,
  };
  const from = parseBound('--from', args.from, timezone);
  const to = parseBound('--to', args.to, timezone);
  const source = `replay:${mapping.name}:${basename(args.file)}`.slice(0, 100);
  io.out(
    `replay: ${args.file} with mapping ${mapping.name} (${mapping.domain}), ${args.mode}, speed ${args.speed}, times without offset in ${timezone}`,
  );

  if (args.dryRun) {
    const mapped = mapRows(text, mapping, mappingOptions);
    const items = mapped.items.filter(
      (i) => (from === null || i.ts >= from) && (to === null || i.ts <= to),
    );
    const reasons: Record<string, number> = {};
    for (const r of mapped.rejects) reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
    io.out(
      JSON.stringify({
        dryRun: true,
        rowsRead: mapped.rowsRead,
        rowsSkipped: mapped.rowsSkipped,
        records: Math.min(items.length, args.limit ?? Infinity),
        mappingRejected: mapped.rejects.length,
        mappingRejectedByReason: reasons,
        sensors: new Set(items.map((i) => (i.kind === 'reading' ? i.sensorId : 'case'))).size,
        first: iso(items[0]?.ts ?? null),
        last: iso(items.at(-1)?.ts ?? null),
      }),
    );
    return 0;
  }

  const config = loadConfig(env);
  const logger = createLogger(config.logLevel === 'debug' ? 'debug' : 'warn');
  const stats = new CollectorStats();
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 5 });
  redis.on('error', () => undefined);
  // No disk spool: a replay that cannot write stops with an error (run it again, it is idempotent).
  const writer = new InfluxWriter(config.influx, { logger, stats, spool: null });
  const jobs = new TelemetryJobs(redis, config.redisPrefix, logger);
  const caseJobs = new CaseJobs(redis, config.redisPrefix, logger);
  const registry = new AssetRegistry(redis, redisKeys(config.redisPrefix).assetRegistry, logger);
  const sink: ReplaySink = pipelineSink({
    source,
    registry,
    writer,
    jobs,
    caseJobs,
    logger,
    stats,
  });
  try {
    const summary = await replayCsv(
      text,
      mapping,
      {
        mode: args.mode,
        speed: args.speed,
        batchSize: args.batchSize,
        from,
        to,
        limit: args.limit,
        // A minute of margin: the validation runs a little later than this.
        readingsNotBefore: args.quarantineTooOld
          ? null
          : Date.now() - DEFAULT_READING_CHECK.maxAgeMs + 60_000,
        progressEveryMs: args.progressMs,
        mapping: mappingOptions,
      },
      {
        sink,
        source,
        onProgress: (p) => io.out(progressLine(p)),
        ...(signal ? { signal } : {}),
      },
    );
    io.out(
      JSON.stringify({
        source,
        rowsRead: summary.rowsRead,
        rowsSkipped: summary.rowsSkipped,
        records: summary.records,
        tooOld: summary.tooOld,
        sent: summary.sent,
        accepted: summary.accepted,
        rejected: summary.rejected,
        rejectedByReason: stats.snapshot().rejectedByReason,
        mappingRejectedByReason: summary.mappingRejectedByReason,
        sourceTimes: [iso(summary.firstTs), iso(summary.lastTs)],
        replayedTimes: [iso(summary.mappedFirstTs), iso(summary.mappedLastTs)],
        timePlan: summary.timePlan,
        elapsedMs: summary.elapsedMs,
        pointsWritten: stats.pointsWritten,
        evaluateJobs: stats.evaluateJobs,
      }),
    );
    return 0;
  } catch (err) {
    io.err(`replay: failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await writer.close().catch(() => undefined);
    await Promise.allSettled([jobs.close(), caseJobs.close()]);
    await redis.quit().catch(() => redis.disconnect());
  }
}

/**
 * The replay command: parses the arguments, reads the file, and replays it through the real pipeline
 * configured by `env` (REDIS_URL, REDIS_PREFIX, INFLUX_URL). Returns the exit code: 0 done, 1 the file
 * cannot be read (missing, not UTF-8, not CSV, not what the mapping expects) or the pipeline failed,
 * 2 bad arguments.
 */
export async function replayCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  io: ReplayIo,
  signal?: AbortSignal,
): Promise<number> {
  let args: ReplayArgs | null;
  try {
    args = parseReplayArgs(argv);
  } catch (err) {
    io.err(`replay: ${(err as Error).message}\n\n${REPLAY_USAGE}`);
    return 2;
  }
  if (args === null) {
    io.out(REPLAY_USAGE);
    return 0;
  }
  try {
    return await run(args, env, io, signal);
  } catch (err) {
    if (err instanceof CsvError) {
      io.err(`replay: cannot read ${args.file} as CSV: ${err.message}`);
      return 1;
    }
    if (err instanceof UsageError) {
      io.err(`replay: ${err.message}`);
      return 2;
    }
    if (err instanceof MappingError || err instanceof ConfigError) {
      const problems = err instanceof ConfigError ? `\n  ${err.problems.join('\n  ')}` : '';
      io.err(`replay: ${err.message}${problems}`);
      return 1;
    }
    throw err;
  }
}
