// npm run bench:map [-- --points 50000 --rate 500 --warmup 15 --seconds 20 --rounds 1 --scale 0.02 --profile --reduced-motion]
//
// Frame time of the wall (/wall) with --points live points, --rate of them changing every second,
// against a bare MapLibre page drawing the same points in the same run. The points are real assets:
// imported through POST /api/assets/import (BENCH-00001…, low roads inside Tianjin's districts) and
// changed by readings published over MQTT to the stack's collectors, so each change travels the
// whole path (collector → backend fast path → asset.updated → the wall's live connection → React
// Query → the map's diff → GeoJSONSource.updateData). The bare page is served by this script: the
// same maplibre-gl build, one circle layer with the wall's paint, the same features, and the same
// number of changed features a second applied with updateData.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Page } from 'playwright-core';
import {
  adminToken,
  api,
  arg,
  fmt,
  launchChromium,
  machineState,
  quantile,
  readRepoFile,
  repoPath,
  sleep,
  startBenchStack,
} from './lib.js';

const argv = process.argv.slice(2);
const POINTS = arg(argv, 'points', 50_000);
const RATE = arg(argv, 'rate', 500);
const WARMUP_S = arg(argv, 'warmup', 15);
const SECONDS = arg(argv, 'seconds', 20);
const ROUNDS = arg(argv, 'rounds', 1);
const SCALE = arg(argv, 'scale', 0.02);
/** `--profile`: a CPU profile of the wall while it is measured; prints where its main thread spent the time. */
const PROFILE = argv.includes('--profile');
/** `--reduced-motion`: the wall as with the OS setting (no pulsing markers, no blinking), to see what animation costs. */
const REDUCED_MOTION = argv.includes('--reduced-motion');
const VIEWPORT = { width: 1920, height: 1080 };
const TARGET = 1.25;
const SOURCE = 'waterlogging';
const LAYER = 'waterlogging-circles';

type Polygon = number[][][];
interface District {
  code: string;
  polygons: Polygon[];
  bbox: [number, number, number, number];
}

function districts(): District[] {
  const json = JSON.parse(readRepoFile('packages/contracts/src/geo/tianjin-districts.json')) as {
    features: {
      properties: { code: string };
      geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
    }[];
  };
  return json.features.map((f) => {
    const polygons =
      f.geometry.type === 'Polygon'
        ? [f.geometry.coordinates as Polygon]
        : (f.geometry.coordinates as Polygon[]);
    const xs = polygons.flatMap((p) => p[0]!.map((c) => c[0]!));
    const ys = polygons.flatMap((p) => p[0]!.map((c) => c[1]!));
    return {
      code: f.properties.code,
      polygons,
      bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
    };
  });
}

function inRing(ring: number[][], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi! > y !== yj! > y && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) inside = !inside;
  }
  return inside;
}

/** Deterministic points spread over the city, each inside the district it names. */
function benchAssets(count: number): { id: string; district: string; lng: number; lat: number }[] {
  const all = districts();
  const box = [
    Math.min(...all.map((d) => d.bbox[0])),
    Math.min(...all.map((d) => d.bbox[1])),
    Math.max(...all.map((d) => d.bbox[2])),
    Math.max(...all.map((d) => d.bbox[3])),
  ] as const;
  let seed = 20261126;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const out: { id: string; district: string; lng: number; lat: number }[] = [];
  while (out.length < count) {
    const lng = box[0] + random() * (box[2] - box[0]);
    const lat = box[1] + random() * (box[3] - box[1]);
    const district = all.find(
      (d) =>
        lng >= d.bbox[0] &&
        lng <= d.bbox[2] &&
        lat >= d.bbox[1] &&
        lat <= d.bbox[3] &&
        d.polygons.some(
          (p) => inRing(p[0]!, lng, lat) && !p.slice(1).some((hole) => inRing(hole, lng, lat)),
        ),
    );
    if (!district) continue;
    out.push({
      id: `BENCH-${String(out.length + 1).padStart(5, '0')}`,
      district: district.code,
      lng: Math.round(lng * 1e6) / 1e6,
      lat: Math.round(lat * 1e6) / 1e6,
    });
  }
  return out;
}

/** The bare page: the same maplibre-gl build, one circle layer, nothing else. */
const BARE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="/maplibre/maplibre-gl.css">
<style>html,body,#map{margin:0;width:100%;height:100%;background:#0b1220}</style></head>
<body><div id="map"></div><script type="module">
import { Map, setWorkerUrl } from '/maplibre/maplibre-gl.mjs';
setWorkerUrl('/maplibre/maplibre-gl-worker.mjs');
const setup = await (await fetch('/setup.json')).json();
const map = new Map({
  container: 'map',
  style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#0b1220' } }] },
  center: setup.camera.center, zoom: setup.camera.zoom, bearing: setup.camera.bearing, pitch: setup.camera.pitch,
  attributionControl: false,
});
window.__cityopsMapUpdates = { setData: 0, updateData: 0, bySource: {} };
map.on('load', () => {
  map.addSource('${SOURCE}', { ...setup.source, type: 'geojson', data: setup.data });
  window.__cityopsMapUpdates.setData += 1;
  map.addLayer({ ...setup.layer, id: '${LAYER}', source: '${SOURCE}' });
  const ids = setup.data.features.map((f) => f.id);
  const depth = new globalThis.Map(ids.map((id) => [id, 0]));
  let cursor = 0;
  // The same work the wall gets from the backend: once a second, RATE features change (from the
  // first idle on: the map is never idle again while 500 features a second change on a busy machine).
  map.once('idle', () => { window.__cityopsMap = map; setInterval(() => {
    const update = [];
    for (let i = 0; i < setup.rate; i++) {
      const id = ids[cursor++ % ids.length];
      const d = (depth.get(id) % 4) + 1;
      depth.set(id, d);
      update.push({ id, addOrUpdateProperties: [{ key: 'depthCm', value: d }, { key: 'colorKey', value: 'ok' }, { key: 'sortKey', value: 1 }] });
    }
    map.getSource('${SOURCE}').updateData({ update });
    window.__cityopsMapUpdates.updateData += 1;
  }, 1000); });
});
</script></body></html>`;

function serveBare(setup: () => string): Promise<{ server: Server; url: string }> {
  const dist = repoPath('node_modules/maplibre-gl/dist');
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(BARE_HTML);
    } else if (path === '/setup.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(setup());
    } else if (
      /^\/maplibre\/maplibre-gl(-worker)?\.mjs$|^\/maplibre\/maplibre-gl\.css$/.test(path)
    ) {
      const file = path.slice('/maplibre/'.length);
      res
        .writeHead(200, {
          'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript',
        })
        .end(readFileSync(join(dist, file)));
    } else res.writeHead(404).end();
  });
  return new Promise((resolveServe) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolveServe({ server, url: `http://127.0.0.1:${port}/` });
    }),
  );
}

/** Counts the features each updateData / setData of the source carries (the page's own counters stay). */
async function instrument(page: Page): Promise<void> {
  await page.evaluate((sourceId) => {
    const map = window.__cityopsMap as unknown as {
      getSource(id: string): {
        updateData(diff: { add?: unknown[]; update?: unknown[]; remove?: unknown[] }): unknown;
      };
    };
    const source = map.getSource(sourceId);
    const original = source.updateData.bind(source);
    const w = window as unknown as { __benchChanged: number };
    w.__benchChanged = 0;
    source.updateData = (diff) => {
      w.__benchChanged +=
        (diff.add?.length ?? 0) + (diff.update?.length ?? 0) + (diff.remove?.length ?? 0);
      return original(diff);
    };
  }, SOURCE);
}

interface Sample {
  frames: number[];
  /** The map's 'render' events: frames in which it drew. */
  renders: number;
  changed: number;
  setData: number;
  updateData: number;
  longTasksMs: number;
}

/** requestAnimationFrame deltas for `seconds`, and what the map was fed meanwhile. */
async function measure(page: Page, seconds: number): Promise<Sample> {
  return page.evaluate(async (ms) => {
    const w = window as unknown as {
      __benchChanged: number;
      __cityopsMapUpdates?: { setData: number; updateData: number };
    };
    const before = {
      changed: w.__benchChanged,
      setData: w.__cityopsMapUpdates?.setData ?? 0,
      updateData: w.__cityopsMapUpdates?.updateData ?? 0,
    };
    let longTasksMs = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasksMs += entry.duration;
    });
    try {
      observer.observe({ type: 'longtask', buffered: false });
    } catch {
      /* no long task timing */
    }
    const frames: number[] = [];
    const map = (
      window as unknown as {
        __cityopsMap?: { on(e: string, f: () => void): void; off(e: string, f: () => void): void };
      }
    ).__cityopsMap;
    let renders = 0;
    const countRender = () => (renders += 1);
    map?.on('render', countRender);
    await new Promise<void>((done) => {
      requestAnimationFrame((start) => {
        let last = start;
        const end = start + ms;
        const frame = (t: number) => {
          frames.push(t - last);
          last = t;
          if (t < end) requestAnimationFrame(frame);
          else done();
        };
        requestAnimationFrame(frame);
      });
    });
    observer.disconnect();
    map?.off('render', countRender);
    return {
      frames,
      renders,
      changed: w.__benchChanged - before.changed,
      setData: (w.__cityopsMapUpdates?.setData ?? 0) - before.setData,
      updateData: (w.__cityopsMapUpdates?.updateData ?? 0) - before.updateData,
      longTasksMs,
    };
  }, seconds * 1000);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
}

async function startProfile(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  return {
    stop: async (): Promise<CpuProfile> => {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      await cdp.detach();
      return profile;
    },
  };
}

/** Self time by function (samples × interval), the 20 largest, and the share of idle time. */
function printProfile(profile: CpuProfile) {
  const hits = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const count = node.hitCount ?? 0;
    total += count;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').pop() ?? '';
    const key = `${functionName || '(anonymous)'} ${file}${file ? `:${lineNumber + 1}` : ''}`;
    hits.set(key, (hits.get(key) ?? 0) + count);
  }
  const ms = (profile.endTime - profile.startTime) / 1000;
  console.log(
    `  wall CPU profile: ${total} samples over ${fmt(ms, 0)} ms; self time, largest first:`,
  );
  for (const [key, count] of [...hits].sort((a, b) => b[1] - a[1]).slice(0, 20))
    console.log(`    ${fmt((100 * count) / total)} %  ${key}`);
}

function summarize(name: string, s: Sample, seconds: number) {
  const sorted = [...s.frames].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  const p95 = quantile(sorted, 0.95);
  console.log(
    `  ${name.padEnd(5)} frames ${String(s.frames.length).padStart(5)} (${fmt(s.frames.length / seconds)} fps)  median ${fmt(median)} ms  p95 ${fmt(p95)} ms  max ${fmt(sorted.at(-1) ?? NaN)} ms  long tasks ${fmt(s.longTasksMs / seconds / 10)} %  map renders ${fmt(s.renders / seconds)}/s  features changed ${fmt(s.changed / seconds, 0)}/s  setData ${s.setData}  updateData ${s.updateData}`,
  );
  return { median, p95 };
}

async function main(): Promise<void> {
  console.log(
    `bench:map  ${POINTS} points, ${RATE} changed/s, warm-up ${WARMUP_S} s, ${SECONDS} s measured, ${ROUNDS} round(s)`,
  );
  const startState = machineState();
  console.log(`machine before: ${startState}`);

  const bench = await startBenchStack({ label: 'benchmap', scale: SCALE, tickMs: 10_000 });
  const { stack, token } = bench;
  const browser = await launchChromium();
  let bare: Server | null = null;
  let client: mqtt.MqttClient | null = null;
  let publisher: NodeJS.Timeout | null = null;
  try {
    const assets = benchAssets(POINTS);
    const csv = [
      'id,domain,kind,name,district,lng,lat,parentId',
      ...assets.map(
        (a) => `${a.id},waterlogging,low_road,Bench ${a.id},${a.district},${a.lng},${a.lat},`,
      ),
    ].join('\n');
    const admin = await adminToken(stack.url);
    const t0 = Date.now();
    const imported = await api<{ imported: number; rejected: unknown[] }>(
      stack.url,
      'POST',
      '/api/assets/import',
      csv,
      admin,
      'text/csv',
    );
    console.log(
      `imported ${imported.imported} assets (${imported.rejected.length} rejected) in ${fmt((Date.now() - t0) / 1000)} s`,
    );

    // 500 readings a second over MQTT, each a visible change (the depth steps 1→4 cm, whole cm).
    client = await mqtt.connectAsync(bench.mqttUrl, { clientId: `bench-map-${process.pid}` });
    let cursor = 0;
    let sent = 0;
    let acked = 0;
    const round = new Map<string, number>();
    const TICKS = 10;
    publisher = setInterval(() => {
      const ts = new Date().toISOString();
      for (let i = 0; i < RATE / TICKS; i++) {
        const asset = assets[cursor++ % assets.length]!;
        const depth = ((round.get(asset.id) ?? 0) % 4) + 1;
        round.set(asset.id, depth);
        sent += 1;
        client!
          .publishAsync(
            `cityops/waterlogging/${asset.id}/reading`,
            JSON.stringify({ ts, metrics: { depthCm: depth, rainfallMmH: 0, batteryPct: 90 } }),
            { qos: 1 },
          )
          .then(() => (acked += 1))
          .catch(() => {});
      }
    }, 1000 / TICKS);

    const results: { wall: Sample[]; bare: Sample[] } = { wall: [], bare: [] };
    let setup: string | null = null;
    const served = await serveBare(() => setup ?? '{}');
    bare = served.server;

    for (let r = 0; r < ROUNDS; r++) {
      // The wall, as a display token opens it.
      const wall = await browser.newPage({
        viewport: VIEWPORT,
        reducedMotion: REDUCED_MOTION ? 'reduce' : 'no-preference',
      });
      await wall.goto(`${stack.url}/wall#display=${token}`);
      await wall
        .waitForFunction(
          ({ sourceId, points }) => {
            const map = window.__cityopsMap as unknown as
              | {
                  getSource(id: string): unknown;
                  querySourceFeatures(id: string): { properties: { id?: unknown } }[];
                }
              | undefined;
            if (!map?.getSource(sourceId)) return false;
            const ids = new Set(map.querySourceFeatures(sourceId).map((f) => f.properties.id));
            return ids.size >= points;
          },
          { sourceId: SOURCE, points: POINTS },
          { timeout: 180_000, polling: 2_000 },
        )
        .catch(async (error: unknown) => {
          const state = await wall.evaluate((sourceId) => {
            const map = window.__cityopsMap as
              { querySourceFeatures(id: string): { properties: { id?: unknown } }[] } | undefined;
            return {
              url: location.pathname,
              map: Boolean(map),
              features: map
                ? new Set(map.querySourceFeatures(sourceId).map((f) => f.properties.id)).size
                : 0,
              updates: (window as unknown as { __cityopsMapUpdates?: unknown }).__cityopsMapUpdates,
              text: document.body.innerText.slice(0, 300),
            };
          }, SOURCE);
          console.error(`the wall did not show the points: ${JSON.stringify(state)}`);
          throw error;
        });
      await instrument(wall);
      if (!setup) {
        // The bare page draws what the wall draws: the wall's features and paint, its camera.
        setup = await wall.evaluate(
          ({ sourceId, layerId, rate }) => {
            const map = window.__cityopsMap as unknown as {
              querySourceFeatures(id: string): {
                id?: string | number;
                properties: Record<string, unknown>;
                geometry: unknown;
              }[];
              getStyle(): {
                layers: { id: string }[];
                sources: Record<string, Record<string, unknown>>;
              };
              getCenter(): { lng: number; lat: number };
              getZoom(): number;
              getBearing(): number;
              getPitch(): number;
            };
            const byId = new Map<unknown, unknown>();
            for (const f of map.querySourceFeatures(sourceId))
              if (f.properties.id !== undefined && !byId.has(f.properties.id))
                byId.set(f.properties.id, {
                  type: 'Feature',
                  id: f.properties.id,
                  properties: f.properties,
                  geometry: f.geometry,
                });
            const style = map.getStyle();
            const layer = style.layers.find((l) => l.id === layerId);
            // The wall's source options (promoteId, buffer, tolerance…), without its data.
            const { data: _data, ...source } = style.sources[sourceId] ?? {};
            const c = map.getCenter();
            return JSON.stringify({
              rate,
              data: { type: 'FeatureCollection', features: [...byId.values()] },
              layer,
              source,
              camera: {
                center: [c.lng, c.lat],
                zoom: map.getZoom(),
                bearing: map.getBearing(),
                pitch: map.getPitch(),
              },
            });
          },
          { sourceId: SOURCE, layerId: LAYER, rate: RATE },
        );
        const parsed = JSON.parse(setup) as { data: { features: unknown[] }; camera: unknown };
        console.log(
          `wall source options: ${JSON.stringify((JSON.parse(setup) as { source: unknown }).source)}`,
        );
        console.log(
          `wall: ${parsed.data.features.length} features in '${SOURCE}', camera ${JSON.stringify(parsed.camera)}`,
        );
      }
      await sleep(WARMUP_S * 1000);
      const profiler = PROFILE ? await startProfile(wall) : null;
      results.wall.push(await measure(wall, SECONDS));
      if (profiler) printProfile(await profiler.stop());
      summarize(`/wall`, results.wall.at(-1)!, SECONDS);
      await wall.close();

      const page = await browser.newPage({ viewport: VIEWPORT });
      await page.goto(served.url);
      await page.waitForFunction(() => window.__cityopsMap !== undefined, null, {
        timeout: 120_000,
      });
      await instrument(page);
      await sleep(WARMUP_S * 1000);
      results.bare.push(await measure(page, SECONDS));
      summarize('bare', results.bare.at(-1)!, SECONDS);
      await page.close();
      console.log(`round ${r + 1}: MQTT readings sent ${sent}, acknowledged ${acked}`);
    }

    const all = (samples: Sample[]): Sample => ({
      frames: samples.flatMap((s) => s.frames),
      renders: samples.reduce((n, s) => n + s.renders, 0),
      changed: samples.reduce((n, s) => n + s.changed, 0),
      setData: samples.reduce((n, s) => n + s.setData, 0),
      updateData: samples.reduce((n, s) => n + s.updateData, 0),
      longTasksMs: samples.reduce((n, s) => n + s.longTasksMs, 0),
    });
    if (ROUNDS > 1) console.log('\nall rounds:');
    console.log(
      `\nframe times (requestAnimationFrame deltas, ${VIEWPORT.width}×${VIEWPORT.height}, swiftshader):`,
    );
    const w = summarize('/wall', all(results.wall), SECONDS * ROUNDS);
    const b = summarize('bare', all(results.bare), SECONDS * ROUNDS);
    const ratioMedian = w.median / b.median;
    const ratioP95 = w.p95 / b.p95;
    console.log(
      `  /wall ÷ bare: median ${fmt(ratioMedian, 2)}×, p95 ${fmt(ratioP95, 2)}×  (target ≤ ${TARGET}×: ${ratioMedian <= TARGET && ratioP95 <= TARGET ? 'met' : 'NOT met'})`,
    );
  } finally {
    if (publisher) clearInterval(publisher);
    await client?.endAsync().catch(() => {});
    bare?.close();
    await browser.close();
    console.log(`machine after: ${machineState()}`);
    await bench.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
