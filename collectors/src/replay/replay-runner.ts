import {
  parseCsv,
  truncatePayload,
  type Domain,
  type Rejection,
  type RejectionReason,
} from '@cityops/contracts';
import { chunk } from '../lib/chunk.js';
import { MappingError } from './mappings/index.js';
import type {
  MappingOptions,
  ReplayCase,
  ReplayMapping,
  ReplayReading,
  ReplayRecord,
} from './mappings/types.js';
import { planTime, type Speed, type TimeMode } from './time-plan.js';

/** Where replayed records go: the collectors' real pipeline in production. */
export interface ReplaySink {
  readings(
    domain: Domain,
    raws: readonly unknown[],
    position: string,
  ): Promise<{ accepted: number; rejected: number }>;
  cases(
    raws: readonly unknown[],
    position: string,
  ): Promise<{ accepted: number; rejected: number }>;
  rejections(rejections: readonly Rejection[], position: string): Promise<void>;
}

export interface ReplayRunOptions {
  mode: TimeMode;
  speed: Speed;
  /** Records per batch (at max speed; paced batches hold what is due, up to this). */
  batchSize: number;
  /** Only rows whose source time is within [from, to] (epoch ms). */
  from?: number | null;
  to?: number | null;
  /** At most this many readings or cases (after sorting by time). */
  limit?: number | null;
  /**
   * Readings whose replayed time falls before this (epoch ms) are not sent but counted as tooOld:
   * the validation would refuse them (beyond retention) and only fill the quarantine. null sends all.
   */
  readingsNotBefore?: number | null;
  progressEveryMs: number;
  mapping: MappingOptions;
}

export interface ReplayProgress {
  rowsRead: number;
  /** Rows that produce nothing for this mapping (other request types, all cells blank). */
  rowsSkipped: number;
  /** Readings or cases to send (after from/to/limit and tooOld). */
  records: number;
  /** Readings not sent because their replayed time is beyond the retention (readingsNotBefore). */
  tooOld: number;
  sent: number;
  accepted: number;
  /** Refused by the mapping or by the validation. */
  rejected: number;
  elapsedMs: number;
  /** Readings or cases sent per second. */
  rate: number;
}

export interface ReplaySummary extends ReplayProgress {
  /** Refused by the mapping, by reason (the validation's reasons are in the collector stats). */
  mappingRejectedByReason: Partial<Record<RejectionReason, number>>;
  /** Source times of the first and last record, and what they became. */
  firstTs: number | null;
  lastTs: number | null;
  mappedFirstTs: number | null;
  mappedLastTs: number | null;
  timePlan: string;
}

export interface ReplayDeps {
  sink: ReplaySink;
  /** Source name recorded with rejections. */
  source: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (progress: ReplayProgress) => void;
  signal?: AbortSignal;
}

type Item = ReplayReading | ReplayCase;

/** Reads the file's rows through the mapping: the records to send (in time order) and the refused rows. */
export function mapRows(
  text: string,
  mapping: ReplayMapping,
  options: MappingOptions,
): {
  items: Item[];
  rejects: Extract<ReplayRecord, { kind: 'reject' }>[];
  rowsRead: number;
  rowsSkipped: number;
} {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new MappingError('the file is empty');
  const names = header.fields.map((f) => f.trim());
  const problem = mapping.checkHeader(names);
  if (problem) throw new MappingError(`not a ${mapping.name} file: ${problem}`);
  const mapRow = mapping.rows(names, options);
  const items: Item[] = [];
  const rejects: Extract<ReplayRecord, { kind: 'reject' }>[] = [];
  let rowsSkipped = 0;
  for (const row of rows) {
    const record = Object.fromEntries(names.map((n, i) => [n, row.fields[i] ?? '']));
    const out = mapRow(record, row.line);
    if (out.length === 0) rowsSkipped += 1;
    for (const r of out) (r.kind === 'reject' ? rejects : items).push(r as never);
  }
  // Stable: rows with the same time keep the file's order.
  items.sort((a, b) => a.ts - b.ts);
  return { items, rejects, rowsRead: rows.length, rowsSkipped };
}

/**
 * Replays a CSV file through a sink: maps every row, sorts by time, applies the time plan (keep or
 * shift to now), and sends batches at the chosen speed. Rows the mapping refuses go to the
 * quarantine; the rest are validated by the sink like live data. Progress is reported every
 * `progressEveryMs` and at the end.
 */
export async function replayCsv(
  text: string,
  mapping: ReplayMapping,
  options: ReplayRunOptions,
  deps: ReplayDeps,
): Promise<ReplaySummary> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = now();
  const mapped = mapRows(text, mapping, options.mapping);
  let items = mapped.items.filter(
    (item) =>
      (options.from == null || item.ts >= options.from) &&
      (options.to == null || item.ts <= options.to),
  );
  if (options.limit != null) items = items.slice(0, options.limit);

  const mappingRejectedByReason: Partial<Record<RejectionReason, number>> = {};
  for (const r of mapped.rejects)
    mappingRejectedByReason[r.reason] = (mappingRejectedByReason[r.reason] ?? 0) + 1;
  const progress: ReplayProgress = {
    rowsRead: mapped.rowsRead,
    rowsSkipped: mapped.rowsSkipped,
    records: items.length,
    tooOld: 0,
    sent: 0,
    accepted: 0,
    rejected: mapped.rejects.length,
    elapsedMs: 0,
    rate: 0,
  };
  const report = () => {
    progress.elapsedMs = now() - started;
    progress.rate =
      progress.elapsedMs > 0 ? Math.round((progress.sent * 1000) / progress.elapsedMs) : 0;
    deps.onProgress?.({ ...progress });
  };

  const rejections: Rejection[] = mapped.rejects.map((r) => ({
    source: deps.source,
    reason: r.reason,
    detail: `line ${r.line}: ${r.detail}`.slice(0, 1000),
    sensorId: r.sensorId?.slice(0, 200) ?? null,
    metric: null,
    payload: truncatePayload(r.payload),
    receivedAt: started,
  }));
  for (const [i, part] of chunk(rejections, 10_000).entries())
    await deps.sink.rejections(part, `${mapping.name}:mapping:${i}`);

  const first = items[0]?.ts ?? null;
  const last = items.at(-1)?.ts ?? null;
  const plan = planTime(options.mode, options.speed, first ?? 0, last ?? 0, started);
  const notBefore = options.readingsNotBefore;
  if (notBefore != null) {
    const kept = items.filter((item) => item.kind !== 'reading' || plan.map(item.ts) >= notBefore);
    progress.tooOld = items.length - kept.length;
    progress.records = kept.length;
    items = kept;
  }
  let lastReport = now();
  let i = 0;
  while (i < items.length) {
    if (deps.signal?.aborted) break;
    const due = started + plan.sendAfter(items[i]!.ts);
    if (due > now()) {
      await sleep(Math.min(due - now(), options.progressEveryMs));
      if (now() - lastReport >= options.progressEveryMs) {
        report();
        lastReport = now();
      }
      continue;
    }
    let j = i + 1;
    const elapsed = now() - started;
    while (j < items.length && j - i < options.batchSize && plan.sendAfter(items[j]!.ts) <= elapsed)
      j += 1;
    const result = await sendBatch(items.slice(i, j), `${mapping.name}:${i}`, plan.map, deps.sink);
    progress.sent += j - i;
    progress.accepted += result.accepted;
    progress.rejected += result.rejected;
    i = j;
    if (now() - lastReport >= options.progressEveryMs) {
      report();
      lastReport = now();
    }
  }
  report();
  return {
    ...progress,
    mappingRejectedByReason,
    firstTs: first,
    lastTs: last,
    mappedFirstTs: first === null ? null : plan.map(first),
    mappedLastTs: last === null ? null : plan.map(last),
    timePlan: plan.describe,
  };
}

async function sendBatch(
  batch: readonly Item[],
  position: string,
  map: (ts: number) => number,
  sink: ReplaySink,
): Promise<{ accepted: number; rejected: number }> {
  const total = { accepted: 0, rejected: 0 };
  const add = (r: { accepted: number; rejected: number }) => {
    total.accepted += r.accepted;
    total.rejected += r.rejected;
  };
  const byDomain = new Map<Domain, unknown[]>();
  const cases: unknown[] = [];
  for (const item of batch) {
    if (item.kind === 'reading') {
      const list = byDomain.get(item.domain) ?? [];
      list.push({ sensorId: item.sensorId, ts: map(item.ts), metrics: item.metrics });
      byDomain.set(item.domain, list);
    } else {
      cases.push({
        ...item.fields,
        reportedAt: map(item.times.reportedAt),
        updatedAt: map(item.ts),
        dueAt: map(item.times.dueAt),
      });
    }
  }
  for (const [domain, raws] of byDomain) add(await sink.readings(domain, raws, position));
  if (cases.length) add(await sink.cases(cases, position));
  return total;
}
