import type { HealthCheck } from '@cityops/contracts';
import type { SinkState } from '../sink/influx-writer.js';

export interface ProbeResult {
  ok: boolean;
  detail?: string;
}

/** One dependency GET /health looks at. */
export interface HealthProbe {
  name: string;
  check(): Promise<ProbeResult>;
}

/** Runs the probes side by side, each bounded by `timeoutMs`; `ok` only when every one is. */
export async function runHealthChecks(
  probes: readonly HealthProbe[],
  timeoutMs = 3000,
): Promise<HealthCheck> {
  const results = await Promise.all(
    probes.map(async (probe) => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<ProbeResult>((resolve) => {
        timer = setTimeout(
          () => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }),
          timeoutMs,
        );
      });
      const result = await Promise.race([
        probe.check().catch((err: unknown): ProbeResult => ({
          ok: false,
          detail: err instanceof Error ? err.message : String(err),
        })),
        timeout,
      ]);
      clearTimeout(timer);
      return [probe.name, { ...result, ms: Math.round(performance.now() - started) }] as const;
    }),
  );
  return {
    status: results.every(([, r]) => r.ok) ? 'ok' : 'error',
    checks: Object.fromEntries(results),
  };
}

const MiB = 1024 * 1024;

/** The spool is healthy unless it is full (sources held back); its fill level is the detail. */
export function spoolHealth(state: SinkState | null, now = Date.now()): ProbeResult {
  const spool = state?.spool;
  if (!spool) return { ok: true, detail: 'no disk spool (SPOOL_MAX_BYTES=0)' };
  const pct = spool.maxBytes > 0 ? (spool.bytes / spool.maxBytes) * 100 : 0;
  const parts = [
    `${(spool.bytes / MiB).toFixed(1)} of ${(spool.maxBytes / MiB).toFixed(0)} MiB (${pct.toFixed(1)} %)`,
  ];
  if (spool.records > 0) {
    parts.push(`${spool.points} points waiting`);
    if (spool.oldestSpooledAt !== null)
      parts.push(`oldest ${Math.round((now - spool.oldestSpooledAt) / 1000)} s`);
    if (spool.problem) parts.push(`replay failing: ${spool.problem}`);
  }
  if (spool.full) parts.unshift('full: sources are held back');
  else if (spool.alarm) parts.unshift('alarm: over 80 % full');
  return { ok: !spool.full, detail: parts.join(', ') };
}
