import type { SanitationCase } from '@cityops/contracts';
import type { LineWriter } from '../../sink/influx-writer.js';
import { caseLine, casePoint } from './case-points.js';

export interface CasePointWriter {
  /** Writes one point per case update; `now` decides `overdue` and `dueInMin`. Durable once it resolves. */
  write(cases: readonly SanitationCase[], now: number, signal?: AbortSignal): Promise<void>;
  /** Resolves when the sink can take another batch (backpressure). */
  ready?(signal?: AbortSignal): Promise<void>;
}

/**
 * Case points through the collectors' InfluxDB sink (and its disk spool), as line protocol with ns
 * timestamps (see caseTimestampNs): the sink's point objects carry numeric fields only, and a case
 * point has a string (caseId) and a boolean (overdue).
 */
export class SinkCaseWriter implements CasePointWriter {
  constructor(private readonly sink: Pick<LineWriter, 'writeLines' | 'ready'>) {}

  async write(cases: readonly SanitationCase[], now: number, signal?: AbortSignal): Promise<void> {
    await this.sink.writeLines(
      cases.map((c) => caseLine(casePoint(c, now))),
      signal,
      'ns',
    );
  }

  async ready(signal?: AbortSignal): Promise<void> {
    await this.sink.ready?.(signal);
  }
}
