import type { RejectionReason } from '@cityops/contracts';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SinkState } from '../sink/influx-writer.js';

/** What the heartbeat and the metrics show of one source. */
export interface SourceStatus {
  name: string;
  /** now − event time of the newest accepted reading; null before the first. */
  lagMs: number | null;
  /** Why the source's last attempt failed; null once it succeeds again. */
  lastError: string | null;
}

interface SourceState {
  newestReadingTs: number | null;
  lastError: string | null;
}

const PREFIX = 'cityops_collector_';

/**
 * Counters since start: logged as `collector stats` every minute, served as Prometheus metrics on
 * GET /metrics (each instance has its own registry), and read by the heartbeat.
 *
 * The plain fields (`pages`, `writeErrors`, …) are the totals; sources that know their name call
 * the record* methods, which also keep the per-source series.
 */
export class CollectorStats {
  pages = 0;
  messages = 0;
  acceptedReadings = 0;
  pointsWritten = 0;
  pointsSpooled = 0;
  evaluateJobs = 0;
  rejectionJobs = 0;
  pollErrors = 0;
  writeErrors = 0;
  spoolRejectedPoints = 0;
  spoolDroppedBytes = 0;
  readonly rejectedByReason: Partial<Record<RejectionReason, number>> = {};
  readonly registry = new Registry();

  private writes = { count: 0, totalMs: 0, maxMs: 0 };
  private readonly sources = new Map<string, SourceState>();
  /** Per source under a lease: whether this instance holds it (absent: no lease in use). */
  private readonly leases = new Map<string, boolean>();
  private sink: (() => SinkState) | null = null;

  private readonly acceptedTotal: Counter<'source'>;
  private readonly rejectedTotal: Counter<'source' | 'reason'>;
  private readonly pagesTotal: Counter<'source'>;
  private readonly messagesTotal: Counter<'source'>;
  private readonly sourceErrorsTotal: Counter<'source'>;
  private readonly writtenTotal: Counter<'path'>;
  private readonly spooledTotal: Counter;
  private readonly writeDuration: Histogram<'path'>;

  constructor(private readonly now: () => number = Date.now) {
    const registers = [this.registry];
    const total = (name: string, help: string, value: () => number) =>
      new Counter({
        name: PREFIX + name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(value());
        },
      });
    const gauge = (name: string, help: string, value: () => number | null) =>
      new Gauge({
        name: PREFIX + name,
        help,
        registers,
        collect() {
          const v = value();
          if (v === null) this.reset();
          else this.set(v);
        },
      });

    this.acceptedTotal = new Counter({
      name: `${PREFIX}readings_accepted_total`,
      help: 'Readings that passed validation, by source',
      labelNames: ['source'],
      registers,
    });
    this.rejectedTotal = new Counter({
      name: `${PREFIX}readings_rejected_total`,
      help: 'Rejections (a whole reading or one of its metrics) sent to the quarantine, by source and reason',
      labelNames: ['source', 'reason'],
      registers,
    });
    this.pagesTotal = new Counter({
      name: `${PREFIX}pages_total`,
      help: 'Non-empty pages handled, by source (HTTP pull, file drop)',
      labelNames: ['source'],
      registers,
    });
    this.messagesTotal = new Counter({
      name: `${PREFIX}messages_total`,
      help: 'Messages handled, by source (MQTT)',
      labelNames: ['source'],
      registers,
    });
    this.sourceErrorsTotal = new Counter({
      name: `${PREFIX}source_errors_total`,
      help: 'Failed attempts of a source (fetch, validation envelope, write, enqueue, checkpoint)',
      labelNames: ['source'],
      registers,
    });
    this.writtenTotal = new Counter({
      name: `${PREFIX}points_written_total`,
      help: 'Points InfluxDB accepted, directly or replayed from the disk spool',
      labelNames: ['path'],
      registers,
    });
    this.spooledTotal = new Counter({
      name: `${PREFIX}points_spooled_total`,
      help: 'Points appended to the disk spool because InfluxDB was unavailable, slow, or behind',
      registers,
    });
    this.writeDuration = new Histogram({
      name: `${PREFIX}write_duration_seconds`,
      help: 'Duration of successful POST /write requests to InfluxDB',
      labelNames: ['path'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    total(
      'write_errors_total',
      'InfluxDB writes that failed (each attempt)',
      () => this.writeErrors,
    );
    total('evaluate_jobs_total', 'evaluate-readings jobs enqueued', () => this.evaluateJobs);
    total('rejection_jobs_total', 'record-rejections jobs enqueued', () => this.rejectionJobs);
    total(
      'spool_rejected_points_total',
      'Spooled points InfluxDB refused as malformed (kept in spool/rejected/)',
      () => this.spoolRejectedPoints,
    );
    total(
      'spool_dropped_bytes_total',
      'Bytes of torn or damaged spool records dropped when the spool was opened',
      () => this.spoolDroppedBytes,
    );
    const lag: Gauge<'source'> = new Gauge({
      name: `${PREFIX}source_lag_seconds`,
      help: 'now − event time of the newest accepted reading, by source',
      labelNames: ['source'],
      registers,
      collect: () => {
        lag.reset();
        for (const s of this.sourceStatuses())
          if (s.lagMs !== null) lag.set({ source: s.name }, s.lagMs / 1000);
      },
    });
    const up: Gauge<'source'> = new Gauge({
      name: `${PREFIX}source_up`,
      help: '1 when the source’s last attempt succeeded, 0 while it fails',
      labelNames: ['source'],
      registers,
      collect: () => {
        up.reset();
        for (const s of this.sourceStatuses()) up.set({ source: s.name }, s.lastError ? 0 : 1);
      },
    });
    const leaseHeld: Gauge<'source'> = new Gauge({
      name: `${PREFIX}lease_held`,
      help: '1 while this instance holds the source’s lease and runs it, 0 while it stands by',
      labelNames: ['source'],
      registers,
      collect: () => {
        leaseHeld.reset();
        for (const [source, held] of this.leases) leaseHeld.set({ source }, held ? 1 : 0);
      },
    });
    const spool = () => this.sink?.()?.spool ?? null;
    gauge('spool_bytes', 'Bytes of the disk spool’s segment files', () => spool()?.bytes ?? 0);
    gauge('spool_max_bytes', 'SPOOL_MAX_BYTES (0: no spool)', () => spool()?.maxBytes ?? 0);
    gauge('spool_segments', 'Segment files of the disk spool', () => spool()?.segments ?? 0);
    gauge('spool_records', 'Batches in the spool not yet written', () => spool()?.records ?? 0);
    gauge('spool_points', 'Points in the spool not yet written', () => spool()?.points ?? 0);
    gauge('spool_oldest_record_age_seconds', 'Age of the oldest batch still spooled', () => {
      const oldest = spool()?.oldestSpooledAt ?? null;
      return oldest === null ? 0 : (this.now() - oldest) / 1000;
    });
    gauge('spool_usage_ratio', 'spool bytes / SPOOL_MAX_BYTES', () => {
      const s = spool();
      return s && s.maxBytes > 0 ? s.bytes / s.maxBytes : 0;
    });
    gauge('spool_alarm', '1 while the spool is over its alarm level (80 %)', () =>
      spool()?.alarm ? 1 : 0,
    );
    gauge('spool_full', '1 while the spool is full and sources are held back', () =>
      spool()?.full ? 1 : 0,
    );
    gauge('sink_in_flight', 'Batches being written', () => this.sink?.().inFlight ?? 0);
    gauge(
      'sink_waiting',
      'Writers waiting for a slot or for room in the spool',
      () => this.sink?.().waiting ?? 0,
    );
  }

  /** Lets the metrics, the heartbeat and the log read the writer's state. */
  attachSink(state: () => SinkState): void {
    this.sink = state;
  }

  sinkState(): SinkState | null {
    return this.sink?.() ?? null;
  }

  /** Makes a source known (it shows in the heartbeat before its first reading). */
  registerSource(source: string): void {
    if (!this.sources.has(source))
      this.sources.set(source, { newestReadingTs: null, lastError: null });
  }

  /** Whether this instance holds the source's lease (COLLECTOR_LEASE_ENABLED). */
  setLeaseHeld(source: string, held: boolean): void {
    this.leases.set(source, held);
  }

  /** The source no longer runs here (its lease went to another instance): the heartbeat stops listing it. */
  forgetSource(source: string): void {
    this.sources.delete(source);
  }

  recordPage(source: string): void {
    this.pages += 1;
    this.pagesTotal.inc({ source });
  }

  recordMessages(source: string, count = 1): void {
    this.messages += count;
    this.messagesTotal.inc({ source }, count);
  }

  /** A batch's accepted readings; `newestTs` is the latest event time among them. */
  recordAccepted(source: string, count: number, newestTs: number | null): void {
    if (count === 0) return;
    this.acceptedReadings += count;
    this.acceptedTotal.inc({ source }, count);
    const state = this.source(source);
    if (newestTs !== null && (state.newestReadingTs === null || newestTs > state.newestReadingTs))
      state.newestReadingTs = newestTs;
  }

  recordRejections(reasons: Iterable<RejectionReason>, source?: string): void {
    const counts = new Map<RejectionReason, number>();
    for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    for (const [reason, n] of counts) {
      this.rejectedByReason[reason] = (this.rejectedByReason[reason] ?? 0) + n;
      this.rejectedTotal.inc({ source: source ?? 'unknown', reason }, n);
    }
  }

  recordSourceError(source: string, err: unknown): void {
    this.pollErrors += 1;
    this.sourceErrorsTotal.inc({ source });
    this.source(source).lastError = describe(err);
  }

  recordSourceOk(source: string): void {
    const state = this.sources.get(source);
    if (state) state.lastError = null;
  }

  recordWrite(points: number, ms: number, path: 'direct' | 'spool' = 'direct'): void {
    this.pointsWritten += points;
    this.writes.count += 1;
    this.writes.totalMs += ms;
    this.writes.maxMs = Math.max(this.writes.maxMs, ms);
    this.writtenTotal.inc({ path }, points);
    this.writeDuration.observe({ path }, ms / 1000);
  }

  recordSpooled(points: number): void {
    this.pointsSpooled += points;
    this.spooledTotal.inc(points);
  }

  recordSpoolRejected(points: number): void {
    this.spoolRejectedPoints += points;
  }

  recordSpoolDropped(bytes: number): void {
    this.spoolDroppedBytes += bytes;
  }

  sourceStatuses(now = this.now()): SourceStatus[] {
    return [...this.sources].map(([name, s]) => ({
      name,
      lagMs: s.newestReadingTs === null ? null : Math.max(0, now - s.newestReadingTs),
      lastError: s.lastError,
    }));
  }

  snapshot() {
    const rejected = Object.values(this.rejectedByReason).reduce((sum, n) => sum + n, 0);
    const spool = this.sinkState()?.spool ?? null;
    return {
      pages: this.pages,
      messages: this.messages,
      acceptedReadings: this.acceptedReadings,
      rejected,
      rejectedByReason: { ...this.rejectedByReason },
      pointsWritten: this.pointsWritten,
      pointsSpooled: this.pointsSpooled,
      evaluateJobs: this.evaluateJobs,
      rejectionJobs: this.rejectionJobs,
      pollErrors: this.pollErrors,
      writeErrors: this.writeErrors,
      writeLatencyMs: {
        count: this.writes.count,
        avg: this.writes.count ? Math.round(this.writes.totalMs / this.writes.count) : 0,
        max: Math.round(this.writes.maxMs),
      },
      ...(spool
        ? {
            spool: {
              bytes: spool.bytes,
              records: spool.records,
              points: spool.points,
              oldestSpooledAt: spool.oldestSpooledAt,
            },
          }
        : {}),
      sources: this.sourceStatuses(),
    };
  }

  private source(name: string): SourceState {
    this.registerSource(name);
    return this.sources.get(name)!;
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err).slice(0, 500);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.name}: ${err.message}${cause}`.slice(0, 500);
}
