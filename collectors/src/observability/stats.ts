import type { RejectionReason } from '@cityops/contracts';

/**
 * In-memory counters since start, logged every minute. A Prometheus endpoint will read the same
 * object later (see docs/collectors.md).
 */
export class CollectorStats {
  pages = 0;
  acceptedReadings = 0;
  pointsWritten = 0;
  evaluateJobs = 0;
  rejectionJobs = 0;
  pollErrors = 0;
  writeErrors = 0;
  readonly rejectedByReason: Partial<Record<RejectionReason, number>> = {};
  private writes = { count: 0, totalMs: 0, maxMs: 0 };

  recordRejections(reasons: Iterable<RejectionReason>): void {
    for (const reason of reasons)
      this.rejectedByReason[reason] = (this.rejectedByReason[reason] ?? 0) + 1;
  }

  recordWrite(points: number, ms: number): void {
    this.pointsWritten += points;
    this.writes.count += 1;
    this.writes.totalMs += ms;
    this.writes.maxMs = Math.max(this.writes.maxMs, ms);
  }

  snapshot() {
    const rejected = Object.values(this.rejectedByReason).reduce((sum, n) => sum + n, 0);
    return {
      pages: this.pages,
      acceptedReadings: this.acceptedReadings,
      rejected,
      rejectedByReason: { ...this.rejectedByReason },
      pointsWritten: this.pointsWritten,
      evaluateJobs: this.evaluateJobs,
      rejectionJobs: this.rejectionJobs,
      pollErrors: this.pollErrors,
      writeErrors: this.writeErrors,
      writeLatencyMs: {
        count: this.writes.count,
        avg: this.writes.count ? Math.round(this.writes.totalMs / this.writes.count) : 0,
        max: Math.round(this.writes.maxMs),
      },
    };
  }
}
