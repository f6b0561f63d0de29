/**
 * Fault drills (docs/drills.md): `npm run drills [-- --only 1,3] [--quick] [--out FILE] [--keep]`.
 *
 * Each drill starts its own Redis, InfluxDB and PostgreSQL on free loopback ports under
 * `.data/drills/<drill>/`, the built simulator, backend (API and worker processes) and collectors
 * against them, loads it from the simulator, injects its fault, and counts afterwards against
 * ground truth. The machine's shared services are never touched. Prints a Markdown table (and
 * writes it to --out); exits 1 when a drill lost or duplicated something or failed to run.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { DRILLS } from './drills.js';
import { type DrillResult, markdownReport, markdownTable, parseDrillArgs } from './lib/report.js';
import { BUILT, ROOT, stopAllStacks } from './lib/stack.js';

async function main(): Promise<number> {
  let options;
  try {
    options = parseDrillArgs(process.argv.slice(2));
  } catch (error) {
    console.error(String(error instanceof Error ? error.message : error));
    return 2;
  }
  const missing = BUILT.filter((file) => !existsSync(file));
  if (missing.length) {
    console.error(
      `not built: ${missing.join(', ')}; run \`npx nx run-many -t build\` (npm run drills does)`,
    );
    return 2;
  }
  let interrupted = false;
  // Ctrl-C: every process and service of the drill in progress is stopped, then the run ends.
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error('\ninterrupted: stopping the current drill (Ctrl-C again to quit at once)');
    void stopAllStacks().then(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const started = new Date();
  const results: DrillResult[] = [];
  for (const drill of DRILLS.filter((d) => options.only.includes(d.number))) {
    if (interrupted) break;
    const t0 = Date.now();
    const log = (message: string) =>
      console.error(`[drill ${drill.number} +${Math.round((Date.now() - t0) / 1000)}s] ${message}`);
    log(`${drill.title}${options.quick ? ' (quick)' : ''}`);
    let result: DrillResult;
    try {
      result = await drill.run({ quick: options.quick, log });
    } catch (error) {
      result = {
        drill: `${drill.number}. ${drill.title}`,
        load: '—',
        faults: '—',
        lost: null,
        duplicated: null,
        recoveryMs: null,
        passed: false,
        details: [],
        error: error instanceof Error ? error.message : String(error),
      };
    }
    log(
      `${result.error ? `error: ${result.error}` : result.passed ? 'passed' : 'FAILED'} (${Math.round((Date.now() - t0) / 1000)} s)`,
    );
    for (const d of result.details) log(`  ${d}`);
    results.push(result);
    // A failed drill keeps its logs and data for a look; --keep keeps every drill's.
    if (result.passed && !options.keep)
      rmSync(join(ROOT, '.data', 'drills', drill.dir), { recursive: true, force: true });
  }

  const header = [
    `Fault drills${options.quick ? ' (--quick)' : ''}, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC,`,
    `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version},`,
    `load average at the end ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' / ')}.`,
  ].join(' ');
  const report = markdownReport(results, header);
  console.log(`\n${markdownTable(results)}\n`);
  if (options.out) {
    writeFileSync(options.out, report);
    console.error(`report written to ${options.out}`);
  }
  return results.every((r) => r.passed) && !interrupted ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
