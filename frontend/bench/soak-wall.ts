// npm run soak:wall [-- --minutes 24 --warmup 3 --tick-ms 167 --scale 0.05]
//
// The wall (/wall) under an accelerated day: the simulator ticks 60 times as often as by default
// (10 s / 60 ≈ 167 ms, so 60× the readings and asset.updated events), the wall open as a display
// token opens it. After the warm-up, once a minute: a forced garbage collection (CDP
// HeapProfiler.collectGarbage), the JS heap in use (CDP Runtime.getHeapUsage) and the number of DOM
// elements. Prints the table and the growth first → last sample (and to the largest) against the
// 5 % target.
import type { CDPSession, Page } from 'playwright-core';
import {
  arg,
  fmt,
  launchChromium,
  machineState,
  sleep,
  startBenchStack,
  trendGrowthPct,
} from './lib.js';

const argv = process.argv.slice(2);
const MINUTES = arg(argv, 'minutes', 24);
const WARMUP_MIN = arg(argv, 'warmup', 3);
const TICK_MS = arg(argv, 'tick-ms', Math.round(10_000 / 60));
const SCALE = arg(argv, 'scale', 0.05);
const TARGET_PCT = 5;

interface Row {
  minute: number;
  heapUsedMb: number;
  heapTotalMb: number;
  domNodes: number;
  updateData: number;
  setData: number;
}

/** Readings per sample, a few seconds apart: the smallest is kept (live batches in flight are garbage soon). */
const HEAP_READINGS = 3;

/** The retained heap: the smallest of a few readings, each after a forced collection. */
async function retainedHeap(cdp: CDPSession): Promise<{ usedSize: number; totalSize: number }> {
  let least: { usedSize: number; totalSize: number } | null = null;
  for (let i = 0; i < HEAP_READINGS; i++) {
    if (i > 0) await sleep(2_000);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    if (!least || heap.usedSize < least.usedSize) least = heap;
  }
  return least!;
}

async function sample(page: Page, cdp: CDPSession, minute: number): Promise<Row> {
  const heap = await retainedHeap(cdp);
  const page_ = await page.evaluate(() => ({
    domNodes: document.getElementsByTagName('*').length,
    updates: (
      window as unknown as { __cityopsMapUpdates?: { setData: number; updateData: number } }
    ).__cityopsMapUpdates,
  }));
  return {
    minute,
    heapUsedMb: heap.usedSize / 2 ** 20,
    heapTotalMb: heap.totalSize / 2 ** 20,
    domNodes: page_.domNodes,
    updateData: page_.updates?.updateData ?? 0,
    setData: page_.updates?.setData ?? 0,
  };
}

async function main(): Promise<void> {
  console.log(
    `soak:wall  ${MINUTES} min sampled after ${WARMUP_MIN} min warm-up, simulator tick ${TICK_MS} ms (default 10,000 ms), scale ${SCALE}`,
  );
  console.log(`machine before: ${machineState()}`);
  const bench = await startBenchStack({
    label: 'soakwall',
    scale: SCALE,
    tickMs: TICK_MS,
    pollMs: 500,
  });
  const browser = await launchChromium();
  const rows: Row[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${bench.stack.url}/wall#display=${bench.token}`);
    await page.waitForFunction(() => window.__cityopsMap !== undefined, null, {
      timeout: 180_000,
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    console.log(`wall open; warming up ${WARMUP_MIN} min`);
    await sleep(WARMUP_MIN * 60_000);
    const start = Date.now();
    console.log('minute  heap used MB  heap total MB  DOM elements  updateData  setData  load');
    for (let minute = 0; minute <= MINUTES; minute++) {
      const wait = start + minute * 60_000 - Date.now();
      if (wait > 0) await sleep(wait);
      const row = await sample(page, cdp, minute);
      rows.push(row);
      console.log(
        `${String(minute).padStart(6)}  ${fmt(row.heapUsedMb, 2).padStart(12)}  ${fmt(row.heapTotalMb, 2).padStart(13)}  ${String(row.domNodes).padStart(12)}  ${String(row.updateData).padStart(10)}  ${String(row.setData).padStart(7)}  ${machineState().replace('load average ', '')}`,
      );
    }
    const first = rows[0]!;
    const last = rows.at(-1)!;
    const growth = (a: number, b: number) => ((b - a) / a) * 100;
    const maxHeap = Math.max(...rows.map((r) => r.heapUsedMb));
    const maxDom = Math.max(...rows.map((r) => r.domNodes));
    const heapGrowth = growth(first.heapUsedMb, last.heapUsedMb);
    const domGrowth = growth(first.domNodes, last.domNodes);
    console.log(
      `\nJS heap (after GC): ${fmt(first.heapUsedMb, 2)} → ${fmt(last.heapUsedMb, 2)} MB, growth ${fmt(heapGrowth)} % (max ${fmt(maxHeap, 2)} MB, ${fmt(growth(first.heapUsedMb, maxHeap))} %)`,
    );
    console.log(
      `DOM elements: ${first.domNodes} → ${last.domNodes}, growth ${fmt(domGrowth)} % (max ${maxDom}, ${fmt(growth(first.domNodes, maxDom))} %)`,
    );
    console.log(
      `map updates during the samples: updateData ${last.updateData - first.updateData}, setData ${last.setData - first.setData}`,
    );
    const heapTrend = trendGrowthPct(rows.map((r) => r.heapUsedMb));
    const domTrend = trendGrowthPct(rows.map((r) => r.domNodes));
    console.log(
      `trend (least-squares line, first → last minute): JS heap ${fmt(heapTrend)} %, DOM elements ${fmt(domTrend)} %`,
    );
    const short = MINUTES < 24 ? ` — only ${MINUTES} min sampled, not the 24-minute soak` : '';
    const verdict = (a: number, b: number) =>
      a <= TARGET_PCT && b <= TARGET_PCT ? 'met' : 'NOT met';
    console.log(
      `target (growth ≤ ${TARGET_PCT} %): first → last sample ${verdict(heapGrowth, domGrowth)}, by the trend ${verdict(heapTrend, domTrend)}${short}`,
    );
  } finally {
    await browser.close();
    console.log(`machine after: ${machineState()}`);
    await bench.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
