import type { Domain, Rejection } from '@cityops/contracts';
import { readingDomain } from '../domains/reading-domains.js';
import { CaseIngestor } from '../domains/sanitation/case-ingestor.js';
import type { CaseJobs } from '../domains/sanitation/case-jobs.js';
import { SinkCaseWriter } from '../domains/sanitation/case-writer.js';
import type { Logger } from '../observability/logger.js';
import type { CollectorStats } from '../observability/stats.js';
import { ReadingIngestor } from '../pipeline/reading-ingestor.js';
import type { TelemetryJobs } from '../queue/telemetry-jobs.js';
import type { AssetRegistry } from '../registry/asset-registry.js';
import type { LineWriter } from '../sink/influx-writer.js';
import type { ReplaySink } from './replay-runner.js';

export interface ReplayPipelineDeps {
  /** Recorded with every reading, case and rejection, e.g. "replay:floodnet". */
  source: string;
  registry: Pick<AssetRegistry, 'resolve'>;
  writer: LineWriter;
  jobs: Pick<TelemetryJobs, 'evaluateReadings' | 'recordRejections'>;
  caseJobs: Pick<CaseJobs, 'upsertCases'>;
  logger: Logger;
  stats?: CollectorStats;
}

/**
 * The real pipeline as a replay sink: readings through the domain's ReadingIngestor, cases through
 * the CaseIngestor (validation, InfluxDB, queues), exactly as live sources send them. Job ids cover
 * the source, the batch's position in the file and its content, so replaying a file again with
 * --keep-time adds no job; with --shift-to-now the times differ and the jobs are new.
 */
export function pipelineSink(deps: ReplayPipelineDeps): ReplaySink {
  const ingestors = new Map<Domain, ReadingIngestor>();
  const readingsFor = (domain: Domain): ReadingIngestor => {
    let ingestor = ingestors.get(domain);
    if (!ingestor) {
      const plugin = readingDomain(domain);
      if (!plugin) throw new Error(`${domain} takes no readings`);
      ingestor = new ReadingIngestor({
        domain,
        source: deps.source,
        validate: plugin.validate,
        registry: deps.registry,
        writer: deps.writer,
        jobs: deps.jobs,
        logger: deps.logger,
        ...(deps.stats ? { stats: deps.stats } : {}),
      });
      ingestors.set(domain, ingestor);
    }
    return ingestor;
  };
  const cases = new CaseIngestor({
    source: deps.source,
    writer: new SinkCaseWriter(deps.writer),
    jobs: deps.caseJobs,
    quarantine: deps.jobs,
    logger: deps.logger,
    ...(deps.stats ? { stats: deps.stats } : {}),
  });
  return {
    readings: (domain, raws, position) => readingsFor(domain).ingest(raws, position),
    cases: (raws, position) => cases.ingest(raws, position),
    rejections: async (rejections: readonly Rejection[], position) => {
      await deps.jobs.recordRejections(deps.source, position, rejections);
      deps.stats?.recordRejections(
        rejections.map((r) => r.reason),
        deps.source,
      );
    },
  };
}
